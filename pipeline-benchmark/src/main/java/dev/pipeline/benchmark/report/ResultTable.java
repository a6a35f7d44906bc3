package dev.pipeline.benchmark.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pipeline.benchmark.load.PointResult;

/** The run as perf_analyzer-like text tables: points, comparisons, goals, memory. */
public final class ResultTable {

	private ResultTable() {
	}

	public static String render(RunReport report) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Commit %s | %d cores (%s), %d MiB | %s | %s%n", report.commit(),
				report.machine().cores(), report.machine().cpu(), report.machine().memoryMiB(), report.machine().jdk(),
				report.machine().os()));
		out.append(String.format(Locale.ROOT, "Load average at start %s, at end %s%n%n", report.machine().loadAverage(),
				report.loadAverageAtEnd()));
		out.append(String.format(Locale.ROOT, "%-28s %-12s %10s %9s %9s %9s %9s %9s %7s %5s %s%n", "scenario", "point",
				"pred/s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "mean ms", "errors", "wins", "stable"));
		for (PointResult point : report.points()) {
			out.append(String.format(Locale.ROOT, "%-28s %-12s %10.1f %9.3f %9.3f %9.3f %9.3f %9.3f %7d %5d %s%n",
					point.scenario(), point.point().label(), point.throughput(), point.p50Ms(), point.p90Ms(),
					point.p95Ms(), point.p99Ms(), point.meanMs(), point.errors(), point.windows(),
					point.stable() ? "yes" : "NO"));
		}
		if (!report.comparisons().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%n%-28s %-8s %-38s %10s %10s %7s %10s%n", "pipeline", "point",
					"against", "pred/s", "base/s", "ratio", "+p50 ms"));
			for (Comparison c : report.comparisons()) {
				out.append(String.format(Locale.ROOT, "%-28s %-8s %-38s %10.1f %10.1f %7.2f %10.2f%n", c.scenario(),
						c.point(), c.baseline(), c.throughput(), c.baselineThroughput(), c.throughputRatio(),
						c.addedP50Ms()));
			}
		}
		if (!report.goals().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%nGoals%n"));
			for (Goal goal : report.goals()) {
				out.append(String.format(Locale.ROOT, "  %-62s %-22s %8.2f %-8s %s%n", goal.name(), goal.measuredAs(),
						goal.measured(), goal.target(), goal.met() ? "met" : "NOT met"));
			}
		}
		boolean cpuHeader = false;
		for (PointResult point : report.points()) {
			if (point.extras().get("cpuMsPerPrediction") instanceof Map<?, ?> perPrediction
					&& !perPrediction.isEmpty()) {
				if (!cpuHeader) {
					out.append(String.format(Locale.ROOT,
							"%nCPU ms per prediction, by process (cores used in brackets)%n"));
					cpuHeader = true;
				}
				Map<?, ?> cores = (Map<?, ?>) point.extras().getOrDefault("cpuCores", Map.of());
				StringBuilder line = new StringBuilder();
				perPrediction.forEach((name, ms) -> line
					.append(String.format(Locale.ROOT, " %s %s (%s)", name, ms, cores.get(name))));
				out.append(
						String.format(Locale.ROOT, "  %-24s %-12s%s%n", point.scenario(), point.point().label(), line));
			}
		}
		if (!report.memory().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%nService memory (MiB)%n"));
			for (Map.Entry<String, Map<String, Double>> service : report.memory().entrySet()) {
				out.append(String.format(Locale.ROOT, "  %-20s peak RSS %8s   RSS now %8s%n", service.getKey(),
						service.getValue().getOrDefault("peakRssMiB", Double.NaN),
						service.getValue().getOrDefault("rssMiB", Double.NaN)));
			}
		}
		if (!report.measurements().isEmpty()) {
			out.append(String.format(Locale.ROOT, "%nOther measurements%n"));
			report.measurements().forEach((name, value) -> {
				if (value instanceof Map<?, ?> figures && figures.get("windows") instanceof List<?> windows) {
					// A curve: its summary on one line, then a line per window.
					Map<Object, Object> summary = new LinkedHashMap<>(figures);
					summary.remove("windows");
					out.append(String.format(Locale.ROOT, "  %-28s %s%n", name, summary));
					windows.forEach(window -> out.append(String.format(Locale.ROOT, "    %s%n", window)));
				}
				else {
					out.append(String.format(Locale.ROOT, "  %-28s %s%n", name, value));
				}
			});
		}
		for (String note : report.notes()) {
			out.append(String.format(Locale.ROOT, "%nNote: %s", note));
		}
		return out.append(System.lineSeparator()).toString();
	}

}
