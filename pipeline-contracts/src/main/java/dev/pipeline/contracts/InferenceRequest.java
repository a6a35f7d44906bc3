package dev.pipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A prediction asked of a model, keyed on Kafka by its {@code id}. Only {@code id},
 * {@code model} and {@code inputs} are required of a direct producer; the rest have
 * defaults.
 *
 * @param inputs model-specific instances: a string for {@code sentiment}, an array of
 * numbers for {@code kalman}
 * @param parameters optional model settings (for example Kalman noise)
 * @param deadline after this instant the request is answered EXPIRED instead of computed
 */
public record InferenceRequest(int schemaVersion, String id, String model, @Nullable String modelVersion,
		@Nullable String accountId, List<JsonNode> inputs, Map<String, Object> parameters,
		@Nullable Instant submittedAt, @Nullable Instant deadline) {

	public static final int SCHEMA_VERSION = 1;

	public InferenceRequest {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
		inputs = inputs == null ? List.of() : List.copyOf(inputs);
		parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
	}

	public boolean isExpiredAt(Instant now) {
		return this.deadline != null && now.isAfter(this.deadline);
	}

}
