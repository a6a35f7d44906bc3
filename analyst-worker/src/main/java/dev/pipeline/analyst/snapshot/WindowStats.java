package dev.pipeline.analyst.snapshot;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates of one window: counts by status, merged latency percentiles of succeeded
 * results, mean confidence and label counts. Latencies are {@code null} when nothing
 * succeeded, the mean confidence when no output carried a score.
 */
public record WindowStats(long count, long succeeded, long failed, long expired, @Nullable Double p50LatencyMs,
		@Nullable Double p95LatencyMs, @Nullable Double p99LatencyMs, @Nullable Double maxLatencyMs,
		@Nullable Double meanConfidence, long lowConfidenceCount, Map<String, Long> labelCounts) {

	public static final WindowStats EMPTY = new WindowStats(0, 0, 0, 0, null, null, null, null, null, 0, Map.of());

	public WindowStats {
		labelCounts = Map.copyOf(labelCounts);
	}

	/** Failed results per result, 0 without traffic. */
	@JsonProperty("errorRate")
	public double errorRate() {
		return this.count == 0 ? 0 : (double) this.failed / this.count;
	}

	/** Expired results per result, 0 without traffic. */
	@JsonProperty("expiryRate")
	public double expiryRate() {
		return this.count == 0 ? 0 : (double) this.expired / this.count;
	}

}
