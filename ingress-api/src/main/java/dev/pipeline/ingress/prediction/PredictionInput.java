package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.InferenceRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A prediction request that passed validation: the model is served and every instance
 * fits its input kind.
 */
public record PredictionInput(String model, List<JsonNode> inputs, Map<String, Object> parameters) {

	/** One quota unit per input instance. */
	public int units() {
		return this.inputs.size();
	}

	public InferenceRequest toRequest(String id, @Nullable String accountId, Instant submittedAt,
			Duration deadlineAfter) {
		return new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id, this.model, null, accountId, this.inputs,
				this.parameters, submittedAt, submittedAt.plus(deadlineAfter));
	}

}
