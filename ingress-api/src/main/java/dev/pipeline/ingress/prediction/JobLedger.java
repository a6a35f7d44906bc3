package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.Optional;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.ingress.quota.QuotaCharge;
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

	/**
	 * Accepts a request for good before it is sent: in one transaction, takes the charge
	 * and records the job with its outbox row, which the relay sends once {@code lease}
	 * has passed unless {@link #delivered} came first. With an idempotency key this runs
	 * under a per-key lock, and a replay records and charges nothing. When it throws,
	 * nothing was recorded and the charge was given back.
	 * @return the id of the earlier request with the same key and body, when this is a
	 * replay
	 * @throws dev.pipeline.ingress.system.ApiProblem 409 when the key was used with
	 * another body, 429 when the quota does not cover the request
	 * @throws dev.pipeline.ingress.system.KafkaUnavailableException when too many jobs
	 * already wait for Kafka
	 */
	Optional<String> recordAccepted(InferenceRequest request, @Nullable String clientRequestId,
			@Nullable IdempotencyKey key, QuotaCharge charge, Duration lease);

	/**
	 * The request recorded by {@link #recordAccepted} is on Kafka: the relay need not
	 * send it. Failing to note it is harmless (the relay sends it once more; consumers
	 * keep one result per id), so this never throws.
	 */
	void delivered(String id);

	/** The status {@code GET /v1/jobs/{id}} shows for a recorded job right now. */
	String status(String id);

	/**
	 * The final result {@code GET /v1/jobs/{id}} shows for a recorded job right now: the
	 * worker's (as the metrics-aggregator stored it), or the expiry the reaper gave a job
	 * that got none; empty while the job runs. Its timings' {@code batchSize} is not
	 * kept.
	 */
	Optional<InferenceResult> result(String id);

}
