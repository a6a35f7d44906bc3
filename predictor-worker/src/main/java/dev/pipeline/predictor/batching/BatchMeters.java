package dev.pipeline.predictor.batching;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.pipeline.predictor.model.ModelConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * What one model's batcher measures, named after Triton's per-model metrics
 * (docs/observability.md maps each name) and tagged with the model and its version. Times
 * and batch sizes are histograms with buckets, so a dashboard can draw percentiles across
 * instances rather than read one instance's averages.
 */
final class BatchMeters {

	/**
	 * Buckets of {@code inference.batch.size}: powers of two up to the largest batch a
	 * model config is likely to allow.
	 */
	private static final double[] BATCH_SIZE_BUCKETS = { 1, 2, 4, 8, 16, 32, 64, 128, 256 };

	private final Tags tags;

	private final MeterRegistry registry;

	private final DistributionSummary batchSize;

	private final Timer queueDuration;

	private final Timer computeDuration;

	private final Counter cancelled;

	BatchMeters(ModelConfig config, MeterRegistry registry) {
		this.registry = registry;
		this.tags = Tags.of("model", config.name(), "version", config.version());
		// _count is Triton's nv_inference_exec_count, _sum its nv_inference_count.
		this.batchSize = DistributionSummary.builder("inference.batch.size")
			.description("Instances per model call (one execution)")
			.tags(this.tags)
			.serviceLevelObjectives(BATCH_SIZE_BUCKETS)
			.register(registry);
		this.queueDuration = histogram("inference.queue.duration",
				"Time a request waited in the worker's batch queue for its first batch");
		this.computeDuration = histogram("inference.compute.infer.duration", "Model time of one batch");
		this.cancelled = Counter.builder("inference.cancelled.instances")
			.description("Instances not computed because their request was cancelled (its poll was given up)")
			.tags(this.tags)
			.register(registry);
	}

	private Timer histogram(String name, String description) {
		return Timer.builder(name)
			.description(description)
			.tags(this.tags)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(60))
			.register(this.registry);
	}

	/** Registers the queue-depth gauge: instances queued and not yet taken by a batch. */
	<T> void pendingInstances(T queue, ToDoubleFunction<T> depth) {
		Gauge.builder("inference.pending.instances", queue, depth)
			.description("Instances queued for a batch and not yet taken by one")
			.tags(this.tags)
			.register(this.registry);
	}

	void executed(int instances, long computeNanos) {
		this.batchSize.record(instances);
		this.computeDuration.record(computeNanos, TimeUnit.NANOSECONDS);
	}

	void queued(long nanos) {
		this.queueDuration.record(nanos, TimeUnit.NANOSECONDS);
	}

	void cancelled(int instances) {
		this.cancelled.increment(instances);
	}

}
