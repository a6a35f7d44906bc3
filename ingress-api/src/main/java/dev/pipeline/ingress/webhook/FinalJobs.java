package dev.pipeline.ingress.webhook;

import java.util.Optional;

/**
 * What a webhook carries: a job's final state as {@code GET /v1/jobs/{id}} shows it.
 * Implemented by the job feature; an interface here keeps this package free of it (the
 * job feature uses {@link CallbackUrls} at submission).
 */
public interface FinalJobs {

	/**
	 * The body of {@code GET /v1/jobs/{id}} for a job in its final state, as sent; empty
	 * while the job has none, or when it is gone (purged).
	 */
	Optional<byte[]> finalState(String jobId);

}
