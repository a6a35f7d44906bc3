package dev.pipeline.ingress.prediction;

import java.util.List;

import dev.pipeline.contracts.InferenceResult;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The 200 body of a successful prediction (API.md), also the {@code result} of a finished
 * job.
 */
public record PredictionBody(String id, String model, @Nullable String modelVersion, @ArraySchema(schema = @Schema(
		types = "object",
		description = "The model's output for the instance at the same index, e.g. {\"label\": \"positive\", \"score\": 0.97}")) List<JsonNode> outputs,
		Timings timings) implements PredictionAnswer {

	/**
	 * @param queueMs time in the worker's queue before its batch started
	 * @param inferenceMs the model call of its batch
	 * @param totalMs from submission to the result (see docs/api.md)
	 */
	public record Timings(double queueMs, double inferenceMs, double totalMs) {
	}

	public static PredictionBody of(InferenceResult result, double totalMs) {
		List<JsonNode> outputs = (result.outputs() != null) ? result.outputs() : List.of();
		return new PredictionBody(result.id(), result.model(), result.modelVersion(), outputs,
				new Timings(result.timings().queueMs(), result.timings().inferenceMs(), totalMs));
	}

}
