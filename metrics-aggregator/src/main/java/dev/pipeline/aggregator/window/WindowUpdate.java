package dev.pipeline.aggregator.window;

import java.time.Instant;

import dev.pipeline.metrics.LatencyHistogram;
import dev.pipeline.metrics.WindowRow;
import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * The current value of one window, as the topology publishes it on the window-update
 * topic for the JDBC writer. Each update carries the whole aggregate, not a delta, so
 * writing it is a replace and a replay cannot add anything twice.
 */
public record WindowUpdate(MetricsKey key, Instant windowStart, Instant windowEnd, WindowAggregate aggregate) {

	public static WindowUpdate of(Windowed<MetricsKey> window, WindowAggregate aggregate) {
		return new WindowUpdate(window.key(), window.window().startTime(), window.window().endTime(), aggregate);
	}

	/**
	 * Key on the update topic: one per window, so compaction keeps the latest value only.
	 */
	public static String topicKey(Windowed<MetricsKey> window) {
		return window.key().asText() + "|" + window.window().start();
	}

	/**
	 * The {@code metrics_windows} row this update replaces, its histogram compressed.
	 * @param latency the aggregate's decoded latency (the caller has it already)
	 */
	public WindowRow row(Histogram latency) {
		WindowAggregate aggregate = this.aggregate;
		return new WindowRow(this.key.scope().name(), this.key.accountId(), this.key.model(), this.key.modelVersion(),
				this.windowStart, this.windowEnd, aggregate.count(), aggregate.succeeded(), aggregate.failed(),
				aggregate.expired(), LatencyHistogram.compress(latency), aggregate.batchSizeSum(),
				aggregate.batchSizeCount(), aggregate.confidenceSum(), aggregate.confidenceCount(),
				aggregate.lowConfidenceCount(), aggregate.labelCounts());
	}

}
