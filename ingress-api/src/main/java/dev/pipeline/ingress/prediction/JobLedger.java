package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a request that became a job is recorded, so {@code GET /v1/jobs/{id}} knows it
 * before its result lands. Implemented by the job store; an interface here keeps the
 * prediction package free of the job package.
 */
public interface JobLedger {

	/**
	 * Records the request as a queued job; recording the same id twice is harmless and
	 * never changes the job's owner.
	 * @param clientRequestId the client's own {@code X-Request-Id}, kept for correlation
	 */
	void recordQueued(InferenceRequest request, @Nullable String clientRequestId);

}
