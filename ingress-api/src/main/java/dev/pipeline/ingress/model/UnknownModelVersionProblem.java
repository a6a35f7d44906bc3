package dev.pipeline.ingress.model;

import java.util.List;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.ingress.system.ApiProblem;

import org.springframework.http.HttpStatus;

/**
 * The 404 for a version the catalogue does not announce for a model it serves, on every
 * route that names a version: a request that names a version is answered by that version
 * or not at all.
 */
public class UnknownModelVersionProblem extends ApiProblem {

	public UnknownModelVersionProblem(ModelDescriptor model, String version) {
		super(HttpStatus.NOT_FOUND, "unknown-model-version", "Unknown model version",
				"Model '" + model.name() + "' has no version '" + version + "'; it serves " + versions(model)
						+ " (default '" + model.version() + "'); GET /v1/models lists them.");
		with("model", model.name());
		with("version", version);
		with("servedVersions", versions(model));
	}

	private static List<String> versions(ModelDescriptor model) {
		return model.servedVersions().stream().map(ModelDescriptor.Version::version).toList();
	}

}
