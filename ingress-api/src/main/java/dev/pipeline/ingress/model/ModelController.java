package dev.pipeline.ingress.model;

import java.time.Instant;
import java.util.List;

import dev.pipeline.contracts.ModelDescriptor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models}: the served models, every version each serves and its default
 * version, input kind and readiness.
 */
@RestController
@Tag(name = "Models", description = "The served models")
class ModelController {

	private final ModelCatalog catalog;

	ModelController(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/v1/models")
	@Operation(operationId = "listModels",
			summary = "The served models, every served version, the default one, input kind and readiness")
	ModelList list() {
		return new ModelList(this.catalog.all().stream().map(ModelView::of).toList());
	}

	record ModelList(List<ModelView> models) {
	}

	/**
	 * A model: its default version's fields as before versions (so {@code version} is the
	 * default), and every served version.
	 *
	 * @param defaultVersion the version a request without {@code modelVersion} reaches
	 * @param versions every served version, lowest first
	 */
	record ModelView(String name, String version, String inputKind, @Nullable String description, int maxBatchSize,
			boolean ready, @Nullable Instant updatedAt, String defaultVersion, List<VersionView> versions) {

		static ModelView of(ModelDescriptor descriptor) {
			return new ModelView(descriptor.name(), descriptor.version(), descriptor.inputKind(),
					descriptor.description(), descriptor.maxBatchSize(), descriptor.ready(), descriptor.updatedAt(),
					descriptor.version(), descriptor.servedVersions().stream().map(VersionView::of).toList());
		}

	}

	/** One served version of a model. */
	record VersionView(String version, String inputKind, @Nullable String description, int maxBatchSize,
			boolean ready) {

		static VersionView of(ModelDescriptor.Version version) {
			return new VersionView(version.version(), version.inputKind(), version.description(),
					version.maxBatchSize(), version.ready());
		}

	}

}
