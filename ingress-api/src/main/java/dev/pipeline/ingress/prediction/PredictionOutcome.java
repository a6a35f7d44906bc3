package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;

/**
 * How a synchronous prediction ended: with its result, or as a queued job to poll.
 *
 * @param result the worker's result, {@code null} when the request became a job
 * @param totalMs from accepting the request to receiving its reply, measured by this
 * instance
 * @param replayedStatus the job status of the earlier request with the same
 * {@code Idempotency-Key}, when this answer is its replay
 */
public record PredictionOutcome(String id, @Nullable InferenceResult result, double totalMs,
		@Nullable String replayedStatus) {

	static PredictionOutcome completed(InferenceResult result, double totalMs) {
		return new PredictionOutcome(result.id(), result, totalMs, null);
	}

	static PredictionOutcome queued(String id) {
		return new PredictionOutcome(id, null, 0, null);
	}

	/** The earlier request of a replayed {@code Idempotency-Key}, answered as its job. */
	static PredictionOutcome replayed(String id, String status) {
		return new PredictionOutcome(id, null, 0, status);
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
