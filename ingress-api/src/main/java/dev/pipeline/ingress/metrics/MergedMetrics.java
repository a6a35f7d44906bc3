package dev.pipeline.ingress.metrics;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Several windows merged into one aggregate: counts and sums add, label counts add per
 * label, and latency histograms merge, so percentiles come from the merged distribution.
 * Averaging each window's percentiles would be wrong (a quiet slow minute would weigh as
 * much as a busy fast one).
 */
final class MergedMetrics {

	/**
	 * The aggregator's histogram layout: microseconds, up to one hour, 2 significant
	 * digits.
	 */
	private static final long HIGHEST_LATENCY_MICROS = 3_600_000_000L;

	/**
	 * The merged latency (about 25 KB), made when the first window with latencies
	 * arrives: a bucket without traffic costs no histogram.
	 */
	private @Nullable Histogram latency;

	private final Map<String, Long> labels = new TreeMap<>();

	private long count;

	private long succeeded;

	private long failed;

	private long expired;

	private long batchSizeSum;

	private long batchSizeCount;

	private double confidenceSum;

	private long confidenceCount;

	private long lowConfidence;

	MergedMetrics add(WindowRow row) {
		this.count += row.count();
		this.succeeded += row.succeeded();
		this.failed += row.failed();
		this.expired += row.expired();
		this.batchSizeSum += row.batchSizeSum();
		this.batchSizeCount += row.batchSizeCount();
		this.confidenceSum += row.confidenceSum();
		this.confidenceCount += row.confidenceCount();
		this.lowConfidence += row.lowConfidenceCount();
		row.labelCounts().forEach((label, n) -> this.labels.merge(label, n, Long::sum));
		if (row.latencyHistogram().length > 0) {
			if (this.latency == null) {
				this.latency = new Histogram(HIGHEST_LATENCY_MICROS, 2);
			}
			this.latency.add(decode(row.latencyHistogram()));
		}
		return this;
	}

	MetricsView view(@Nullable String model, Instant from, Instant to) {
		return new MetricsView(model, from, to, this.count, this.succeeded, this.failed, this.expired,
				(this.count == 0) ? null : (double) (this.failed + this.expired) / this.count,
				new MetricsView.Latency(percentile(50), percentile(95), percentile(99),
						hasLatency() ? this.latency.getMaxValue() / 1000.0 : null),
				(this.confidenceCount == 0) ? null : this.confidenceSum / this.confidenceCount, this.lowConfidence,
				(this.batchSizeCount == 0) ? null : (double) this.batchSizeSum / this.batchSizeCount,
				Map.copyOf(this.labels));
	}

	private @Nullable Double percentile(double percentile) {
		return hasLatency() ? this.latency.getValueAtPercentile(percentile) / 1000.0 : null;
	}

	private boolean hasLatency() {
		return this.latency != null && this.latency.getTotalCount() > 0;
	}

	private static Histogram decode(byte[] compressed) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException("metrics_windows holds a histogram that is not HdrHistogram", ex);
		}
	}

}
