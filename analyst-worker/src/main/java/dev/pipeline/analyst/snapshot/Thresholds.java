package dev.pipeline.analyst.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * A model's alert thresholds (PUT /v1/metrics/thresholds); {@code null} means not
 * checked.
 */
public record Thresholds(@Nullable Double p95LatencyMs, @Nullable Double maxErrorRate,
		@Nullable Double minMeanConfidence) {

	public static final Thresholds NONE = new Thresholds(null, null, null);

}
