package dev.pipeline.contracts;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The answer to one {@link InferenceRequest}, keyed by the same id. Every accepted
 * request ends in exactly one of these (possibly written twice after a crash, so readers
 * upsert).
 *
 * @param outputs one entry per input instance when SUCCEEDED, otherwise {@code null}
 */
public record InferenceResult(int schemaVersion, String id, String model, @Nullable String modelVersion,
		@Nullable String accountId, ResultStatus status, @Nullable List<JsonNode> outputs, @Nullable ErrorInfo error,
		@Nullable Instant submittedAt, Instant completedAt, Timings timings) {

	public static final int SCHEMA_VERSION = 1;

	public InferenceResult {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
		timings = timings == null ? Timings.none() : timings;
	}

	public static InferenceResult succeeded(InferenceRequest request, String modelVersion, List<JsonNode> outputs,
			Instant completedAt, Timings timings) {
		return new InferenceResult(SCHEMA_VERSION, request.id(), request.model(), modelVersion, request.accountId(),
				ResultStatus.SUCCEEDED, List.copyOf(outputs), null, request.submittedAt(), completedAt, timings);
	}

	public static InferenceResult failed(InferenceRequest request, @Nullable String modelVersion, ErrorInfo error,
			Instant completedAt, Timings timings) {
		return new InferenceResult(SCHEMA_VERSION, request.id(), request.model(), modelVersion, request.accountId(),
				ResultStatus.FAILED, null, error, request.submittedAt(), completedAt, timings);
	}

	public static InferenceResult expired(InferenceRequest request, Instant completedAt) {
		return new InferenceResult(SCHEMA_VERSION, request.id(), request.model(), request.modelVersion(),
				request.accountId(), ResultStatus.EXPIRED, null,
				new ErrorInfo("DEADLINE_EXCEEDED", "The request's deadline passed before it could be computed."),
				request.submittedAt(), completedAt, Timings.none());
	}

}
