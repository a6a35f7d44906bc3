package dev.pipeline.ingress.metrics;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A model's alert thresholds. The PUT replaces them all: an absent limit is not checked.
 * The snake_case aliases accept the FastAPI seed's spelling on
 * {@code PUT /metrics/thresholds}.
 *
 * @param p95LatencyMs alert when a window's p95 latency is above this
 * @param maxErrorRate alert when (failed + expired) / count is above this
 * @param minMeanConfidence alert when the mean output score is below this
 * @param minWindowCount windows with fewer results are not checked (default 1)
 */
record ThresholdsRequest(@NotBlank @Size(max = 128) @JsonAlias( {
		"model_name", "modelName" }) @Nullable String model,
		@Positive @JsonAlias({ "p95_latency_ms", "latency_threshold_ms",
				"max_latency_ms" }) @Nullable Double p95LatencyMs,
		@DecimalMin("0") @DecimalMax("1") @JsonAlias({ "max_error_rate", "error_rate", "errorRate",
				"error_rate_threshold" }) @Nullable Double maxErrorRate,
		@DecimalMin("0") @DecimalMax("1") @JsonAlias({ "min_mean_confidence", "min_confidence", "minConfidence",
				"confidence_threshold" }) @Nullable Double minMeanConfidence,
		@Min(1) @JsonAlias("min_window_count") @Nullable Long minWindowCount){
}
