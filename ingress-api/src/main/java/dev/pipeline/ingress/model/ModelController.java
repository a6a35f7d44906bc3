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
 * {@code GET /v1/models}: the served models, their versions, input kind and readiness.
 */
@RestController
@Tag(name = "Models", description = "The served models")
class ModelController {

	private final ModelCatalog catalog;

	ModelController(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/v1/models")
	@Operation(operationId = "listModels", summary = "The served models, their versions, input kind and readiness")
	ModelList list() {
		return new ModelList(this.catalog.all().stream().map(ModelView::of).toList());
	}

	record ModelList(List<ModelView> models) {
	}

	record ModelView(String name, String version, String inputKind, @Nullable String description, int maxBatchSize,
			boolean ready, @Nullable Instant updatedAt) {

		static ModelView of(ModelDescriptor descriptor) {
			return new ModelView(descriptor.name(), descriptor.version(), descriptor.inputKind(),
					descriptor.description(), descriptor.maxBatchSize(), descriptor.ready(), descriptor.updatedAt());
		}

	}

}
