package dev.pipeline.ingress.metrics;

import java.time.Instant;
import java.util.Map;

import dev.pipeline.metrics.MergedWindows;
import org.jspecify.annotations.Nullable;

/**
 * Metrics of one span (a bucket of the time series, or the summary).
 *
 * @param errors FAILED results
 * @param errorRate (FAILED + EXPIRED) / count; {@code null} without results
 * @param latencyMs end-to-end latency percentiles of SUCCEEDED results, from merged
 * histograms
 * @param meanConfidence mean {@code score} of the outputs
 * @param lowConfidence outputs below the aggregator's low-confidence threshold
 */
record MetricsView(@Nullable String model, Instant from, Instant to, long count, long succeeded, long errors,
		long expired, @Nullable Double errorRate, Latency latencyMs, @Nullable Double meanConfidence,
		long lowConfidence, @Nullable Double meanBatchSize, Map<String, Long> labelCounts) {

	static MetricsView of(MergedWindows merged, @Nullable String model, Instant from, Instant to) {
		return new MetricsView(model, from, to, merged.count(), merged.succeeded(), merged.failed(), merged.expired(),
				merged.errorRate(),
				new Latency(merged.latencyMs(50), merged.latencyMs(95), merged.latencyMs(99), merged.maxLatencyMs()),
				merged.meanConfidence(), merged.lowConfidenceCount(), merged.meanBatchSize(), merged.labelCounts());
	}

	record Latency(@Nullable Double p50, @Nullable Double p95, @Nullable Double p99, @Nullable Double max) {
	}

}
