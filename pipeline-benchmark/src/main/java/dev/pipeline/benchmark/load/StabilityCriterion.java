package dev.pipeline.benchmark.load;

import java.util.List;

/**
 * perf_analyzer's rule: a point is stable when its last few windows agree on throughput
 * and on latency within a tolerance (spread over mean). Mean latency is used rather than
 * p99, which one slow request in a short window moves too much to ever settle on a shared
 * machine.
 */
final class StabilityCriterion {

	private StabilityCriterion() {
	}

	static boolean isStable(List<Window> windows, int count, double tolerance) {
		if (windows.size() < count) {
			return false;
		}
		List<Window> last = windows.subList(windows.size() - count, windows.size());
		if (last.stream().anyMatch(window -> window.instances() == 0)) {
			return false;
		}
		return withinTolerance(last.stream().mapToDouble(Window::throughput).toArray(), tolerance) && withinTolerance(
				last.stream().mapToDouble(window -> window.latencies().getMean()).toArray(), tolerance);
	}

	static boolean withinTolerance(double[] values, double tolerance) {
		double min = Double.MAX_VALUE;
		double max = -Double.MAX_VALUE;
		double sum = 0;
		for (double value : values) {
			min = Math.min(min, value);
			max = Math.max(max, value);
			sum += value;
		}
		double mean = sum / values.length;
		return mean > 0 && (max - min) / mean <= tolerance;
	}

}
