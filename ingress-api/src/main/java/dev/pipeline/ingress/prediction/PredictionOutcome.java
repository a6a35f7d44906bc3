package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;

/**
 * How a synchronous prediction ended: with its result, or as a queued job to poll.
 *
 * @param result the worker's result, {@code null} when the request became a job
 * @param totalMs from accepting the request to receiving its reply, measured by this
 * instance
 */
public record PredictionOutcome(String id, @Nullable InferenceResult result, double totalMs) {

	static PredictionOutcome completed(InferenceResult result, double totalMs) {
		return new PredictionOutcome(result.id(), result, totalMs);
	}

	static PredictionOutcome queued(String id) {
		return new PredictionOutcome(id, null, 0);
	}

	public boolean queued() {
		return this.result == null;
	}

	public JobTicket ticket() {
		return JobTicket.queued(this.id);
	}

}
