package dev.pipeline.ingress.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the aggregator's {@code metrics_windows} table (layout in docs/metrics.md).
 */
record WindowRow(String model, String modelVersion, Instant windowStart, Instant windowEnd, long count, long succeeded,
		long failed, long expired, byte[] latencyHistogram, long batchSizeSum, long batchSizeCount,
		double confidenceSum, long confidenceCount, long lowConfidenceCount, Map<String, Long> labelCounts) {
}
