package dev.pipeline.predictor.batching;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The batching decision of Triton's dynamic batcher, without threads or clocks of its
 * own: a batch is due when {@code maxBatchSize} items are queued, or when the oldest item
 * has waited {@code maxWaitNanos}, whichever comes first. Callers pass the time in, so
 * tests drive it with a fake clock. Not thread-safe; {@link BatchScheduler} guards it.
 */
public final class BatchQueue<T> {

	private final int maxBatchSize;

	private final long maxWaitNanos;

	private final ArrayDeque<Queued<T>> queue = new ArrayDeque<>();

	public BatchQueue(int maxBatchSize, long maxWaitNanos) {
		if (maxBatchSize < 1) {
			throw new IllegalArgumentException("maxBatchSize must be at least 1");
		}
		this.maxBatchSize = maxBatchSize;
		this.maxWaitNanos = Math.max(0, maxWaitNanos);
	}

	public void add(T item, long nowNanos) {
		this.queue.addLast(new Queued<>(item, nowNanos));
	}

	/**
	 * Removes and returns the next batch if one is due at {@code nowNanos}, else an empty
	 * list.
	 */
	public List<T> takeDue(long nowNanos) {
		if (nanosUntilDue(nowNanos) > 0) {
			return List.of();
		}
		int size = Math.min(this.maxBatchSize, this.queue.size());
		List<T> batch = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			batch.add(this.queue.pollFirst().item());
		}
		return batch;
	}

	/** 0 when a batch is due, {@link Long#MAX_VALUE} when nothing is queued. */
	public long nanosUntilDue(long nowNanos) {
		if (this.queue.isEmpty()) {
			return Long.MAX_VALUE;
		}
		if (this.queue.size() >= this.maxBatchSize) {
			return 0;
		}
		long waited = nowNanos - this.queue.peekFirst().enqueuedNanos();
		return Math.max(0, this.maxWaitNanos - waited);
	}

	/** Removes and returns everything queued, due or not. */
	public List<T> drain() {
		List<T> all = new ArrayList<>(this.queue.size());
		while (!this.queue.isEmpty()) {
			all.add(this.queue.pollFirst().item());
		}
		return all;
	}

	/**
	 * Removes every queued item that matches, wherever it is in the queue.
	 * @return how many were removed
	 */
	public int removeIf(Predicate<? super T> filter) {
		int before = this.queue.size();
		this.queue.removeIf(queued -> filter.test(queued.item()));
		return before - this.queue.size();
	}

	public int size() {
		return this.queue.size();
	}

	private record Queued<T>(T item, long enqueuedNanos) {
	}

}
