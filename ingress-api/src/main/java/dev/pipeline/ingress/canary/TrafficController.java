package dev.pipeline.ingress.canary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.FieldProblem;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.ModelTraffic;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.RequestRules;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/models/{model}/traffic}: the admin sets (PUT), reads (GET) and removes
 * (DELETE) a model's traffic split between its versions and its shadow version. A split
 * is checked against the catalogue (every version it names served, weights whole numbers
 * from 0 to 100 adding up to 100) and written to the compacted
 * {@code inference.model-traffic}, keyed by model, the one place every predictor worker
 * reads it from: it applies to the next requests without a restart. The answer comes once
 * Kafka acknowledged the record.
 */
@RestController
@RequestMapping("/v1/admin/models/{model}/traffic")
@Tag(name = "Admin: traffic", description = "Canary splits between model versions (admin token only)")
@SecurityRequirement(name = "adminToken")
@ProblemResponses(404)
class TrafficController {

	private static final Logger logger = LoggerFactory.getLogger(TrafficController.class);

	private final ModelCatalog catalog;

	private final TrafficWriter writer;

	TrafficController(ModelCatalog catalog, TrafficWriter writer) {
		this.catalog = catalog;
		this.writer = writer;
	}

	/**
	 * Runs before every handler of this controller, before a request body is even read.
	 */
	@ModelAttribute
	void requireAdmin(Caller caller) {
		if (!caller.admin()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-only", "Admin only",
					"This endpoint needs the admin token (X-Admin-Token); an API key is not enough.");
		}
	}

	@GetMapping
	@Operation(operationId = "getModelTraffic", summary = "A model's traffic split, as the workers apply it")
	TrafficView get(@PathVariable String model) {
		this.catalog.served(model, null);
		return this.catalog.traffic(model)
			.map(TrafficView::of)
			.orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "no-traffic-split", "No traffic split", "Model '"
					+ model + "' has no traffic split: requests without modelVersion go to its default " + "version.")
				.with("model", model));
	}

	@PutMapping
	@Operation(operationId = "setModelTraffic",
			summary = "Split a model's requests between its versions, with an optional shadow version",
			description = "Applies to requests without modelVersion, by a stable hash of their id, "
					+ "from the next request on, in every worker.")
	@ApiResponse(responseCode = "200", description = "Written; the workers apply it from now on",
			content = @Content(schema = @Schema(implementation = TrafficView.class)))
	TrafficView put(@PathVariable String model, @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = TrafficSplit.class), examples = @ExampleObject(
					name = "canary",
					value = "{\"weights\": {\"1\": 90, \"2\": 10}, \"shadow\": null}"))) @RequestBody TrafficSplit body) {
		ModelDescriptor descriptor = this.catalog.served(model, null);
		List<String> served = descriptor.servedVersions().stream().map(ModelDescriptor.Version::version).toList();
		ModelTraffic split = body.toTraffic(model, served, Instant.now());
		this.writer.write(model, PipelineJson.mapper().writeValueAsString(split));
		this.catalog.trafficWritten(model, split);
		logger.info("Traffic split of model {} set to {}, shadow {}", LogSafe.escape(model), split.weights(),
				split.shadow());
		return TrafficView.of(split);
	}

	@DeleteMapping
	@Operation(operationId = "removeModelTraffic",
			summary = "Remove a model's split: requests without modelVersion go to its default version")
	@ApiResponse(responseCode = "204", description = "Removed")
	ResponseEntity<Void> delete(@PathVariable String model) {
		this.catalog.served(model, null);
		this.writer.write(model, null);
		this.catalog.trafficWritten(model, null);
		logger.info("Traffic split of model {} removed", LogSafe.escape(model));
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of {@code PUT}.
	 *
	 * @param weights percent of the requests without {@code modelVersion} per version:
	 * whole numbers from 0 to 100 adding up to 100
	 * @param shadow a version that also computes every split request, its result recorded
	 * (to {@code inference.results}, as {@code shadow-<version>:<id>}) but never returned
	 */
	@Schema(name = "TrafficSplit")
	record TrafficSplit(
			@Schema(description = "Percent per version, adding up to 100",
					example = "{\"1\": 90, \"2\": 10}") @Nullable Map<String, @Nullable Number> weights,
			@Schema(description = "A version that also runs every split request; its result is recorded, "
					+ "never returned", nullable = true) @Nullable String shadow) {

		/**
		 * @throws ApiProblem 422 with every problem of the split
		 */
		ModelTraffic toTraffic(String model, List<String> served, Instant now) {
			List<FieldProblem> problems = new ArrayList<>();
			Map<String, Integer> weights = new LinkedHashMap<>();
			if (this.weights == null) {
				problems.add(new FieldProblem("weights", "is required: an object of version to percent"));
			}
			else {
				this.weights.forEach((version, weight) -> {
					if (!RequestRules.MODEL_VERSION.matcher(version).matches()) {
						problems.add(new FieldProblem("weights", "names '" + LogSafe.escape(version)
								+ "', which is no version name; " + RequestRules.MODEL_VERSION_RULE));
					}
					else if (!(weight instanceof Integer || weight instanceof Long)
							|| Math.abs(weight.longValue()) > ModelTraffic.BUCKETS) {
						problems.add(new FieldProblem("weights." + version,
								"must be a whole number from 0 to " + ModelTraffic.BUCKETS));
					}
					else {
						weights.put(version, weight.intValue());
					}
				});
			}
			ModelTraffic split = new ModelTraffic(ModelTraffic.SCHEMA_VERSION, model, weights, this.shadow, now);
			if (problems.isEmpty()) {
				problems.addAll(split.problems(served));
			}
			if (!problems.isEmpty()) {
				throw ApiProblem.invalidInput(problems);
			}
			return split;
		}

	}

	/** A model's split, as set. */
	record TrafficView(String model, Map<String, Integer> weights, @Nullable String shadow, Instant updatedAt) {

		static TrafficView of(ModelTraffic split) {
			return new TrafficView(split.model(), split.weights(), split.shadow(), split.updatedAt());
		}

	}

}
