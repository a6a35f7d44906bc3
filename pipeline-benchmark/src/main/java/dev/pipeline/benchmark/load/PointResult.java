package dev.pipeline.benchmark.load;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The measured figures of one point: throughput in predictions per second, latency
 * percentiles in milliseconds from the merged histogram of the stable windows.
 *
 * @param requests requests completed in the reported windows
 * @param windows windows measured in all, including the ones before stability
 * @param stable whether the last windows agreed within the tolerance before the cap
 * @param extras scenario-specific figures (consumer lag, fallbacks to jobs, ...)
 */
public record PointResult(String scenario, LoadPoint point, double throughput, double p50Ms, double p90Ms, double p95Ms,
		double p99Ms, double meanMs, double maxMs, long requests, long errors, int windows, boolean stable,
		Map<String, Object> extras) {

	static PointResult of(String scenario, LoadPoint point, Histogram merged, long instances, long errors,
			double seconds, int windows, boolean stable) {
		return new PointResult(scenario, point, instances / seconds, ms(merged.getValueAtPercentile(50)),
				ms(merged.getValueAtPercentile(90)), ms(merged.getValueAtPercentile(95)),
				ms(merged.getValueAtPercentile(99)), merged.getMean() / 1_000_000.0, ms(merged.getMaxValue()),
				merged.getTotalCount(), errors, windows, stable, new LinkedHashMap<>());
	}

	private static double ms(long nanos) {
		return nanos / 1_000_000.0;
	}

	public PointResult withExtra(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.extras);
		copy.put(name, value);
		return new PointResult(this.scenario, this.point, this.throughput, this.p50Ms, this.p90Ms, this.p95Ms,
				this.p99Ms, this.meanMs, this.maxMs, this.requests, this.errors, this.windows, this.stable, copy);
	}

}
