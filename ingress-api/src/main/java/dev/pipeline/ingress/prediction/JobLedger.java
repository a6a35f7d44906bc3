package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceRequest;

/**
 * Where a request that became a job is recorded, so {@code GET /v1/jobs/{id}} knows it before
 * its result lands. Implemented by the job store; an interface here keeps the prediction
 * package free of the job package.
 */
public interface JobLedger {

	/** Records the request as a queued job; recording the same id twice is harmless. */
	void recordQueued(InferenceRequest request);

}
