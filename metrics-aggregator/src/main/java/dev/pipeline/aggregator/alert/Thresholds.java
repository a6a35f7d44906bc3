package dev.pipeline.aggregator.alert;

import org.jspecify.annotations.Nullable;

/**
 * A model's alert thresholds (one row of {@code metrics_thresholds}); a {@code null}
 * limit is not checked.
 *
 * @param minWindowCount windows with fewer results are not checked
 */
public record Thresholds(String model, @Nullable Double p95LatencyMs, @Nullable Double maxErrorRate,
		@Nullable Double minMeanConfidence, long minWindowCount) {
}
