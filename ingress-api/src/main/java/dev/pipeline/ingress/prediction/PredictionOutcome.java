package dev.pipeline.ingress.prediction;

import java.time.Duration;

import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;

/**
 * How a synchronous prediction ended: with its result, or as a queued job to poll.
 *
 * @param result the worker's result, {@code null} when the request became a job
 * @param totalMs from accepting the request to receiving its reply, measured by this
 * instance
 * @param replayedStatus the job status of the earlier request with the same
 * {@code Idempotency-Key}, when this answer is its replay (its result, or its job while
 * it runs)
 */
public record PredictionOutcome(String id, @Nullable InferenceResult result, double totalMs,
		@Nullable String replayedStatus) {

	static PredictionOutcome completed(InferenceResult result, double totalMs) {
		return new PredictionOutcome(result.id(), result, totalMs, null);
	}

	static PredictionOutcome queued(String id) {
		return new PredictionOutcome(id, null, 0, null);
	}

	/**
	 * The earlier request of a replayed {@code Idempotency-Key} that is still running,
	 * answered as its job.
	 */
	static PredictionOutcome replayed(String id, String status) {
		return new PredictionOutcome(id, null, 0, status);
	}

	/**
	 * The earlier request of a replayed {@code Idempotency-Key} that has its result,
	 * answered with it; {@code totalMs} is then the job's, from submission to the
	 * worker's completion, as {@code GET /v1/jobs/{id}} shows it (the first answer's own
	 * wait is not kept).
	 */
	static PredictionOutcome replayed(InferenceResult result) {
		double totalMs = (result.submittedAt() != null)
				? Duration.between(result.submittedAt(), result.completedAt()).toNanos() / 1e6 : 0;
		return new PredictionOutcome(result.id(), result, Math.max(totalMs, 0), result.status().name());
	}

	public boolean replayed() {
		return this.replayedStatus != null;
	}

	public boolean queued() {
		return this.result == null;
	}

	public JobTicket ticket() {
		return (this.replayedStatus != null) ? new JobTicket(this.id, this.replayedStatus) : JobTicket.queued(this.id);
	}

}
