package dev.pipeline.benchmark.steady;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * When a curve of windows has settled: the earliest window from which every later
 * window's median latency stays within a tolerance of the settled median, the median of
 * the run's last third. A curve whose stretch within tolerance is shorter than that last
 * third has not settled within the run, and says so rather than name a time.
 *
 * <p>
 * The median latency of one caller, not throughput or a high percentile: at one caller it
 * is the cost of a lone request, the figure issue 13 asks to be "warmed", and over
 * several hundred calls per window it moves little with a single slow call, where p99
 * would jump with one garbage collection.
 */
public final class SteadyState {

	/** Figures of one window of the curve. */
	public record Window(double startSeconds, double throughput, double p50Ms, double p99Ms, long errors,
			Map<String, Double> cpuCores) {

		Map<String, Object> figures() {
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("startSeconds", round(this.startSeconds));
			figures.put("throughput", round(this.throughput));
			figures.put("p50Ms", round(this.p50Ms));
			figures.put("p99Ms", round(this.p99Ms));
			figures.put("errors", this.errors);
			Map<String, Double> perPrediction = new LinkedHashMap<>();
			if (this.throughput > 0) {
				this.cpuCores
					.forEach((process, cores) -> perPrediction.put(process, round(cores * 1000 / this.throughput)));
			}
			figures.put("cpuMsPerPrediction", perPrediction);
			return figures;
		}

	}

	private SteadyState() {
	}

	/** The median p50 of the last third of the windows (at least the last one). */
	static double settledP50(List<Window> windows) {
		int tail = Math.max(1, windows.size() / 3);
		List<Double> last = new ArrayList<>();
		for (Window window : windows.subList(windows.size() - tail, windows.size())) {
			last.add(window.p50Ms());
		}
		last.sort(Double::compare);
		int middle = last.size() / 2;
		return (last.size() % 2 == 1) ? last.get(middle) : (last.get(middle - 1) + last.get(middle)) / 2;
	}

	/**
	 * Seconds from the curve's start to the first window of its settled stretch; empty
	 * when no window has an answer or the stretch is shorter than the last third.
	 */
	static OptionalDouble steadyAfter(List<Window> windows, double tolerance) {
		if (windows.isEmpty() || windows.stream().anyMatch(window -> window.throughput() <= 0)) {
			return OptionalDouble.empty();
		}
		double settled = settledP50(windows);
		int first = windows.size();
		for (int i = windows.size() - 1; i >= 0; i--) {
			if (Math.abs(windows.get(i).p50Ms() - settled) > tolerance * settled) {
				break;
			}
			first = i;
		}
		int needed = Math.max(1, windows.size() / 3);
		if (windows.size() - first < needed) {
			return OptionalDouble.empty();
		}
		return OptionalDouble.of(windows.get(first).startSeconds());
	}

	/** The curve's figures for the run's report. */
	static Map<String, Object> report(List<Window> windows, double tolerance) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("tolerance", tolerance);
		if (!windows.isEmpty()) {
			figures.put("settledP50Ms", round(settledP50(windows)));
			figures.put("firstP50Ms", round(windows.get(0).p50Ms()));
		}
		OptionalDouble after = steadyAfter(windows, tolerance);
		figures.put("steadyAfterSeconds", after.isPresent() ? round(after.getAsDouble()) : "not within the run");
		figures.put("windows", windows.stream().map(Window::figures).toList());
		return figures;
	}

	static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
