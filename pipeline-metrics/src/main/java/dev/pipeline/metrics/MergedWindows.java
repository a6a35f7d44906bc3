package dev.pipeline.metrics;

import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Several {@link WindowRow windows} merged into one aggregate, the only correct way:
 * counts and sums add, label counts add per label, and latency histograms merge, so
 * percentiles come from the merged distribution. Averaging each window's percentiles
 * would be wrong (a quiet slow minute would weigh as much as a busy fast one). Never add
 * rows of both scopes: they count the same traffic.
 */
public final class MergedWindows {

	/**
	 * The merged latency (about 25 KB), made when the first window arrives: merging no
	 * window (an empty bucket of a series) costs no histogram.
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

	public static MergedWindows of(Iterable<WindowRow> rows) {
		MergedWindows merged = new MergedWindows();
		rows.forEach(merged::add);
		return merged;
	}

	/**
	 * Adds a window.
	 * @throws IllegalArgumentException if its histogram is not of
	 * {@link LatencyHistogram}'s layout
	 */
	public MergedWindows add(WindowRow row) {
		// The aggregator always writes a histogram; an empty column is read as no
		// latency.
		if (row.latencyHistogram().length > 0) {
			Histogram rowLatency = row.latency();
			if (this.latency == null) {
				this.latency = LatencyHistogram.empty();
			}
			this.latency.add(rowLatency);
		}
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
		return this;
	}

	public long count() {
		return this.count;
	}

	public long succeeded() {
		return this.succeeded;
	}

	public long failed() {
		return this.failed;
	}

	public long expired() {
		return this.expired;
	}

	/**
	 * (FAILED + EXPIRED) / count, as {@code max_error_rate} thresholds define it;
	 * {@code null} without results.
	 */
	public @Nullable Double errorRate() {
		return (this.count == 0) ? null : (double) (this.failed + this.expired) / this.count;
	}

	/**
	 * A percentile of the merged end-to-end latency of SUCCEEDED results, in
	 * milliseconds; {@code null} when none was recorded.
	 */
	public @Nullable Double latencyMs(double percentile) {
		return (this.latency != null) ? LatencyHistogram.percentileMs(this.latency, percentile) : null;
	}

	/** The highest latency in milliseconds; {@code null} when none was recorded. */
	public @Nullable Double maxLatencyMs() {
		return (this.latency != null) ? LatencyHistogram.maxMs(this.latency) : null;
	}

	/** The mean output {@code score}; {@code null} when no output carried one. */
	public @Nullable Double meanConfidence() {
		return (this.confidenceCount == 0) ? null : this.confidenceSum / this.confidenceCount;
	}

	/** Outputs scored below the aggregator's low-confidence threshold. */
	public long lowConfidenceCount() {
		return this.lowConfidence;
	}

	/** The mean batch size; {@code null} when no result reported one. */
	public @Nullable Double meanBatchSize() {
		return (this.batchSizeCount == 0) ? null : (double) this.batchSizeSum / this.batchSizeCount;
	}

	/** Outputs per label. */
	public Map<String, Long> labelCounts() {
		return Map.copyOf(this.labels);
	}

}
