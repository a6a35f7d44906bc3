package dev.pipeline.ingress.analysis;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /v1/analysis/performance}. Checked by {@link AnalysisController} (a
 * missing model or an unknown window is a 422 with field errors).
 *
 * @param window a count and a unit, {@code 90s} to {@code 30d}; {@code 1h} when absent
 */
record PerformanceAnalysisRequest(@Nullable String model, @Nullable String window) {

}
