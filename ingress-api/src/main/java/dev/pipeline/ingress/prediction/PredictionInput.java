package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.InferenceRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A prediction request that passed validation: the model (and the version it names, if
 * any) is served and every instance fits its input kind.
 *
 * @param modelVersion the version the request pins, {@code null} for the model's default
 * (or the version its traffic split picks)
 */
public record PredictionInput(String model, @Nullable String modelVersion, List<JsonNode> inputs,
		Map<String, Object> parameters) {

	/** A prediction for the model's default version. */
	public PredictionInput(String model, List<JsonNode> inputs, Map<String, Object> parameters) {
		this(model, null, inputs, parameters);
	}

	/** One quota unit per input instance. */
	public int units() {
		return this.inputs.size();
	}

	public InferenceRequest toRequest(String id, @Nullable String accountId, Instant submittedAt,
			Duration deadlineAfter) {
		return new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id, this.model, this.modelVersion, accountId,
				this.inputs, this.parameters, submittedAt, submittedAt.plus(deadlineAfter));
	}

}
