package dev.pipeline.ingress.oip;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.model.UnknownModelProblem;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The model version a protocol route names: the catalogue's model, and a
 * {@code versions/{version}} only when the catalogue announces that version. The pipeline
 * serves one version per model today; a route without a version means that one.
 */
@Component
class ServedVersions {

	private final ModelCatalog catalog;

	ServedVersions(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	/**
	 * @param version the version the path names, {@code null} for the route without one
	 * @throws ApiProblem 404 for a model the catalogue does not list or a version it does
	 * not announce
	 */
	ModelDescriptor find(String model, @Nullable String version) {
		ModelDescriptor descriptor = this.catalog.find(model).orElseThrow(() -> new UnknownModelProblem(model));
		if (version != null && !version.equals(descriptor.version())) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "unknown-model-version", "Unknown model version", "Model '"
					+ model + "' has no version '" + version + "'; it serves version '" + descriptor.version() + "'.")
				.with("model", model)
				.with("version", version);
		}
		return descriptor;
	}

}
