package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a request that became a job is recorded, so {@code GET /v1/jobs/{id}} knows it
 * before its result lands, and, when Kafka did not take it, from where it is sent again.
 * Implemented by the job store; an interface here keeps the prediction package free of
 * the job package.
 */
public interface JobLedger {

	/**
	 * Records the request as a queued job; recording the same id twice is harmless and
	 * never changes the job's owner.
	 * @param clientRequestId the client's own {@code X-Request-Id}, kept for correlation
	 */
	void recordQueued(InferenceRequest request, @Nullable String clientRequestId);

	/**
	 * Records the request as a queued job that Kafka may not hold: a send that failed may
	 * have reached Kafka or not. The job outbox sends it (again); consumers keep one
	 * result per id, so a request that did arrive is still answered once.
	 * @throws dev.pipeline.ingress.system.KafkaUnavailableException when too many jobs
	 * already wait for Kafka: the request is not accepted
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL could not
	 * record it
	 */
	void recordUndelivered(InferenceRequest request, @Nullable String clientRequestId);

}
