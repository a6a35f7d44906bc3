package dev.pipeline.benchmark.report;

import java.util.List;
import java.util.Map;

import dev.pipeline.benchmark.load.PointResult;

/**
 * Everything one run produced, as written to {@code results.json}: where and what was
 * measured, every point, the comparisons with the baseline and the goals.
 *
 * @param settings measurement, load and pipeline settings of the run
 * @param memory peak and current resident memory per service (MiB)
 * @param notes what the reader must know to trust the figures (shared machine, skipped
 * scenarios)
 */
public record RunReport(String startedAt, String commit, Machine machine, String loadAverageAtEnd,
		Map<String, Object> settings, List<PointResult> points, List<Comparison> comparisons, List<Goal> goals,
		Map<String, Map<String, Double>> memory, Map<String, Object> measurements, List<String> notes) {
}
