package dev.pipeline.ingress.job;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A job as stored: the submission (from {@code inference_jobs}, or from the result itself
 * for requests that never became jobs) and its result columns when one of the job's
 * account has landed.
 *
 * @param clientRequestId the client's own {@code X-Request-Id} of the submission, if it
 * sent one
 */
record JobRecord(String id, @Nullable String accountId, @Nullable String clientRequestId, String model,
		Instant submittedAt, @Nullable String status, @Nullable String modelVersion, @Nullable String outputsJson,
		@Nullable String errorCode, @Nullable String errorMessage, @Nullable Instant completedAt, double queueMs,
		double inferenceMs) {
}
