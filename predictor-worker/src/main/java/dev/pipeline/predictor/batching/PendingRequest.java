package dev.pipeline.predictor.batching;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pipeline.predictor.model.ModelInput;
import tools.jackson.databind.JsonNode;

/**
 * A submitted request while its instances are in the queue. Instances of one request may
 * land in different batches (a request larger than the batch limit); the future completes
 * when the last output arrives.
 */
final class PendingRequest {

	private final JsonNode[] outputs;

	private final long submittedNanos;

	private final long deadlineNanos;

	private final CompletableFuture<BatchedOutputs> future = new CompletableFuture<>();

	private int remaining;

	private long firstBatchStartNanos = -1;

	private long inferenceNanos;

	private int batchRequests;

	PendingRequest(int instances, long submittedNanos, long deadlineNanos) {
		this.outputs = new JsonNode[instances];
		this.remaining = instances;
		this.submittedNanos = submittedNanos;
		this.deadlineNanos = deadlineNanos;
	}

	boolean isExpiredAt(long nowNanos) {
		return nowNanos - this.deadlineNanos > 0;
	}

	CompletableFuture<BatchedOutputs> future() {
		return this.future;
	}

	/**
	 * Records one batch's work for this request, once per batch (not per instance).
	 * @return the time it queued when this is its first batch, else -1
	 */
	synchronized long joinBatch(long startNanos, long inferenceNanos, int requestsInBatch) {
		this.inferenceNanos += inferenceNanos;
		this.batchRequests = Math.max(this.batchRequests, requestsInBatch);
		if (this.firstBatchStartNanos < 0) {
			this.firstBatchStartNanos = startNanos;
			return startNanos - this.submittedNanos;
		}
		return -1;
	}

	synchronized void complete(int index, JsonNode output) {
		this.outputs[index] = output;
		if (--this.remaining == 0) {
			this.future.complete(new BatchedOutputs(List.copyOf(Arrays.asList(this.outputs)),
					this.firstBatchStartNanos - this.submittedNanos, this.inferenceNanos, this.batchRequests));
		}
	}

	void fail(Throwable cause) {
		this.future.completeExceptionally(cause);
	}

	/** One instance of this request waiting for a batch. */
	record Instance(PendingRequest request, int index, ModelInput input) {
	}

}
