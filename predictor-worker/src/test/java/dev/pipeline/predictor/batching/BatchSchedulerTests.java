package dev.pipeline.predictor.batching;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ServedModel;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BatchSchedulerTests {

	/** A capacity no test reaches. */
	private static final int UNBOUNDED = Integer.MAX_VALUE;

	/** Fake time in nanoseconds: only the tests move it. */
	private final AtomicLong clock = new AtomicLong();

	/** Reads of {@link #now()} by the scheduler's runner threads. */
	private final AtomicInteger runnerReads = new AtomicInteger();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private BatchScheduler scheduler;

	@AfterEach
	void stop() {
		if (this.scheduler != null) {
			this.scheduler.close();
		}
	}

	@Test
	void shouldComputeAFullBatchInOneCallAndSplitOutputsPerRequest() throws Exception {
		RecordingModel model = new RecordingModel(4, Duration.ofHours(1));
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this.clock::get, this.registry);

		CompletableFuture<BatchedOutputs> first = this.scheduler.submit(inputs("a", "b"));
		CompletableFuture<BatchedOutputs> second = this.scheduler.submit(inputs("c"));
		CompletableFuture<BatchedOutputs> third = this.scheduler.submit(inputs("d"));

		assertThat(texts(first.get(5, TimeUnit.SECONDS))).containsExactly("A", "B");
		assertThat(texts(second.get(5, TimeUnit.SECONDS))).containsExactly("C");
		assertThat(texts(third.get(5, TimeUnit.SECONDS))).containsExactly("D");
		assertThat(model.batches).containsExactly(List.of("a", "b", "c", "d"));
		assertThat(first.get().batchRequests()).isEqualTo(3);
		assertThat(this.registry.get("inference.batch.size").summary().max()).isEqualTo(4);
	}

	@Test
	void shouldRecordBatchHistogramsPerModelAndVersion() throws Exception {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		RecordingModel model = new RecordingModel(4, Duration.ofHours(1));
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this.clock::get, prometheus);

		CompletableFuture<BatchedOutputs> first = this.scheduler.submit(inputs("a", "b"));
		CompletableFuture<BatchedOutputs> second = this.scheduler.submit(inputs("c", "d"));
		first.get(5, TimeUnit.SECONDS);
		second.get(5, TimeUnit.SECONDS);

		Tags tags = Tags.of("model", "echo", "version", "1");
		HistogramSnapshot batchSizes = prometheus.get("inference.batch.size").tags(tags).summary().takeSnapshot();
		assertThat(batchSizes.count()).isEqualTo(1);
		assertThat(batchSizes.total()).isEqualTo(4);
		assertThat(batchSizes.histogramCounts()).contains(new CountAtBucket(4.0, 1), new CountAtBucket(2.0, 0));
		assertThat(prometheus.get("inference.queue.duration").tags(tags).timer().count()).isEqualTo(2);
		assertThat(prometheus.get("inference.compute.infer.duration").tags(tags).timer().count()).isEqualTo(1);
		assertThat(prometheus.get("inference.pending.instances").tags(tags).gauge().value()).isZero();
		String scrape = prometheus.scrape();
		assertThat(scrape).containsPattern("inference_batch_size_bucket\\{[^}]*model=\"echo\"[^}]*version=\"1\"")
			.containsPattern("inference_queue_duration_seconds_bucket\\{[^}]*model=\"echo\"")
			.containsPattern("inference_compute_infer_duration_seconds_bucket\\{[^}]*model=\"echo\"");
	}

	@Test
	void shouldReleaseAPartialBatchOnlyOnceTheMaxWaitHasPassed() throws Exception {
		RecordingModel model = new RecordingModel(8, Duration.ofMillis(10));
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this::now, this.registry);

		CompletableFuture<BatchedOutputs> pending = this.scheduler.submit(inputs("a", "b"));
		assertThat(queuedOnceTheRunnerHasLooked()).isEqualTo(2);

		this.clock.set(TimeUnit.MILLISECONDS.toNanos(10) - 1);
		assertThat(queuedOnceTheRunnerHasLooked()).isEqualTo(2);
		assertThat(pending).isNotDone();
		assertThat(model.batches).isEmpty();

		this.clock.set(TimeUnit.MILLISECONDS.toNanos(10));
		this.scheduler.wakeUp();

		assertThat(texts(pending.get(5, TimeUnit.SECONDS))).containsExactly("A", "B");
		assertThat(model.batches).containsExactly(List.of("a", "b"));
		assertThat(this.scheduler.queued()).isZero();
	}

	@Test
	void shouldNotComputeARequestWhoseDeadlinePassedInTheQueue() throws Exception {
		RecordingModel model = new RecordingModel(8, Duration.ofMillis(10));
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this.clock::get, this.registry);

		CompletableFuture<BatchedOutputs> expiring = this.scheduler.submit(inputs("late"), Duration.ofMillis(5));
		CompletableFuture<BatchedOutputs> onTime = this.scheduler.submit(inputs("fine"), Duration.ofMillis(50));
		this.clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
		this.scheduler.wakeUp();

		assertThat(texts(onTime.get(5, TimeUnit.SECONDS))).containsExactly("FINE");
		assertThat(expiring).isCompletedExceptionally();
		assertThatThrownBy(expiring::get).hasCauseInstanceOf(RequestExpiredException.class);
		assertThat(model.batches).containsExactly(List.of("fine"));
	}

	@Test
	void shouldSpreadARequestLargerThanTheBatchOverSeveralCalls() throws Exception {
		RecordingModel model = new RecordingModel(2, Duration.ZERO);
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this.clock::get, this.registry);

		BatchedOutputs outputs = this.scheduler.submit(inputs("a", "b", "c")).get(5, TimeUnit.SECONDS);

		assertThat(texts(outputs)).containsExactly("A", "B", "C");
		assertThat(model.batches).containsExactly(List.of("a", "b"), List.of("c"));
	}

	@Test
	void shouldFailEveryRequestOfAFailedBatch() {
		ServedModel failing = new RecordingModel(2, Duration.ZERO) {
			@Override
			public List<JsonNode> predict(List<ModelInput> batch) {
				throw new IllegalStateException("boom");
			}
		};
		this.scheduler = new BatchScheduler(failing, 1, UNBOUNDED, this.clock::get, this.registry);

		CompletableFuture<BatchedOutputs> first = this.scheduler.submit(inputs("a"));
		CompletableFuture<BatchedOutputs> second = this.scheduler.submit(inputs("b"));

		await().atMost(Duration.ofSeconds(5)).until(() -> first.isDone() && second.isDone());
		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
	}

	@Test
	void shouldLetSeveralRunnersComputeBatchesAtTheSameTime() throws Exception {
		CountDownLatch bothRunning = new CountDownLatch(2);
		ServedModel model = new RecordingModel(1, Duration.ZERO) {
			@Override
			public List<JsonNode> predict(List<ModelInput> batch) throws Exception {
				bothRunning.countDown();
				// Only returns once a second runner is inside predict as well.
				assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();
				return super.predict(batch);
			}
		};
		this.scheduler = new BatchScheduler(model, 2, UNBOUNDED, this.clock::get, this.registry);

		CompletableFuture<BatchedOutputs> first = this.scheduler.submit(inputs("a"));
		CompletableFuture<BatchedOutputs> second = this.scheduler.submit(inputs("b"));

		assertThat(texts(first.get(5, TimeUnit.SECONDS))).containsExactly("A");
		assertThat(texts(second.get(5, TimeUnit.SECONDS))).containsExactly("B");
	}

	@Test
	void shouldWithdrawCancelledRequestsFromTheQueueWithoutComputingThem() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RecordingModel model = new RecordingModel(1, Duration.ZERO) {
			@Override
			public List<JsonNode> predict(List<ModelInput> batch) throws Exception {
				inside.countDown();
				assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
				return super.predict(batch);
			}
		};
		this.scheduler = new BatchScheduler(model, 1, UNBOUNDED, this.clock::get, this.registry);
		CompletableFuture<BatchedOutputs> running = this.scheduler.submit(inputs("a"));
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<BatchedOutputs> abandoned = this.scheduler.submit(inputs("b", "c"));
		CompletableFuture<BatchedOutputs> kept = this.scheduler.submit(inputs("d"));
		assertThat(this.scheduler.queued()).isEqualTo(3);

		abandoned.cancel(false);

		assertThat(this.scheduler.queued()).isEqualTo(1);
		assertThat(this.registry.get("inference.cancelled.instances").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("inference.pending.instances").gauge().value()).isEqualTo(1);
		release.countDown();
		assertThat(texts(kept.get(5, TimeUnit.SECONDS))).containsExactly("D");
		assertThat(texts(running.get(5, TimeUnit.SECONDS))).containsExactly("A");
		assertThat(model.batches).containsExactly(List.of("a"), List.of("d"));
	}

	@Test
	void shouldBeFullAtCapacityAndCallForMoreOnceDrainedToHalf() throws Exception {
		Semaphore started = new Semaphore(0);
		Semaphore proceed = new Semaphore(0);
		RecordingModel model = new RecordingModel(1, Duration.ZERO) {
			@Override
			public List<JsonNode> predict(List<ModelInput> batch) throws Exception {
				started.release();
				assertThat(proceed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
				return super.predict(batch);
			}
		};
		this.scheduler = new BatchScheduler(model, 1, 4, this.clock::get, this.registry);
		AtomicInteger rooms = new AtomicInteger();
		this.scheduler.onRoom(rooms::incrementAndGet);
		CompletableFuture<BatchedOutputs> first = this.scheduler.submit(inputs("a"));
		assertThat(started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
		List<CompletableFuture<BatchedOutputs>> queued = List.of(this.scheduler.submit(inputs("b")),
				this.scheduler.submit(inputs("c")), this.scheduler.submit(inputs("d")),
				this.scheduler.submit(inputs("e")));

		assertThat(this.scheduler.isFull()).isTrue();
		assertThat(this.scheduler.hasRoom()).isFalse();
		assertThat(this.registry.get("inference.pending.instances").gauge().value()).isEqualTo(4);
		int roomsWhenFull = rooms.get();

		// The runner signals room (or not) after taking a batch and before computing it.
		proceed.release();
		assertThat(started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.scheduler.isFull()).isFalse();
		assertThat(rooms).hasValue(roomsWhenFull);

		proceed.release();
		assertThat(started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.scheduler.hasRoom()).isTrue();
		assertThat(rooms).hasValue(roomsWhenFull + 1);

		proceed.release(3);
		assertThat(texts(first.get(5, TimeUnit.SECONDS))).containsExactly("A");
		for (CompletableFuture<BatchedOutputs> request : queued) {
			assertThat(request.get(5, TimeUnit.SECONDS).outputs()).hasSize(1);
		}
	}

	/**
	 * The fake clock as the scheduler reads it, counting the reads of its runner threads.
	 */
	private long now() {
		if (Thread.currentThread().getName().startsWith("batch-")) {
			this.runnerReads.incrementAndGet();
		}
		return this.clock.get();
	}

	/**
	 * Wakes the runner and waits until it has read the clock since: a runner reads the
	 * clock and takes a due batch under the scheduler's lock, which
	 * {@link BatchScheduler#queued()} takes too, so what it answers is the runner's
	 * decision at the fake clock's current time, not a guess about how far the runner
	 * thread got.
	 */
	private int queuedOnceTheRunnerHasLooked() {
		int readsSoFar = this.runnerReads.get();
		this.scheduler.wakeUp();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> this.runnerReads.get() > readsSoFar);
		return this.scheduler.queued();
	}

	private static List<ModelInput> inputs(String... texts) {
		return Arrays.stream(texts)
			.map(text -> new ModelInput(JsonNodeFactory.instance.stringNode(text), Map.of()))
			.toList();
	}

	private static List<String> texts(BatchedOutputs outputs) {
		return outputs.outputs().stream().map(JsonNode::asString).toList();
	}

	/** Upper-cases its inputs and records each batch it was called with. */
	private static class RecordingModel implements ServedModel {

		final List<List<String>> batches = new CopyOnWriteArrayList<>();

		private final ModelConfig config;

		RecordingModel(int maxBatchSize, Duration maxWait) {
			this.config = new ModelConfig("echo", "1", "test", ModelDescriptor.TEXT, null, maxBatchSize,
					maxWait.toMillis(), null, Map.of());
		}

		@Override
		public ModelConfig config() {
			return this.config;
		}

		@Override
		public List<JsonNode> predict(List<ModelInput> batch) throws Exception {
			List<String> texts = batch.stream().map(input -> input.instance().asString()).toList();
			this.batches.add(texts);
			return texts.stream()
				.map(text -> (JsonNode) JsonNodeFactory.instance.stringNode(text.toUpperCase()))
				.toList();
		}

	}

}
