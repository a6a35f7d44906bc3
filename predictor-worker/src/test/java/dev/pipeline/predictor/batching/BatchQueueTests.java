package dev.pipeline.predictor.batching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchQueueTests {

	private static final long WAIT = 5_000_000;

	private final BatchQueue<String> queue = new BatchQueue<>(3, WAIT);

	@Test
	void shouldReleaseAFullBatchAtOnce() {
		this.queue.add("a", 0);
		this.queue.add("b", 0);
		assertThat(this.queue.takeDue(0)).isEmpty();
		this.queue.add("c", 0);
		this.queue.add("d", 0);
		assertThat(this.queue.takeDue(0)).containsExactly("a", "b", "c");
		assertThat(this.queue.size()).isEqualTo(1);
	}

	@Test
	void shouldReleaseAPartialBatchWhenTheOldestHasWaitedLongEnough() {
		this.queue.add("a", 100);
		this.queue.add("b", 2_000_100);
		assertThat(this.queue.nanosUntilDue(1_000_100)).isEqualTo(WAIT - 1_000_000);
		assertThat(this.queue.takeDue(WAIT + 99)).isEmpty();
		assertThat(this.queue.takeDue(WAIT + 100)).containsExactly("a", "b");
	}

	@Test
	void shouldWaitForeverWhenEmpty() {
		assertThat(this.queue.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
		assertThat(this.queue.takeDue(Long.MAX_VALUE / 2)).isEmpty();
	}

}
