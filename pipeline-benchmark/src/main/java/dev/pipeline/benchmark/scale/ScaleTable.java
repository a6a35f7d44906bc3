package dev.pipeline.benchmark.scale;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The scale scenario as text ({@code scale.txt}) and CSV ({@code scale.csv}). */
public final class ScaleTable {

	/** The process groups the text and CSV give a column each, in this order. */
	static final List<String> COLUMNS = List.of("ingress-api", "predictor-worker", "kafka-broker", "metrics-aggregator",
			"benchmark");

	static final String CSV_HEADER = "path,partitions,workers,callers,throughput_per_s,p50_ms,p99_ms,errors,stable,"
			+ COLUMNS.stream().map(name -> "cores_" + name.replace('-', '_')).collect(Collectors.joining(","))
			+ ",cores_total,"
			+ COLUMNS.stream()
				.filter(ScaleTable::isService)
				.map(name -> "rss_mib_" + name.replace('-', '_'))
				.collect(Collectors.joining(","));

	private ScaleTable() {
	}

	public static String csv(ScaleReport report) {
		return CSV_HEADER + "\n" + report.steps().stream().map(ScaleTable::row).collect(Collectors.joining("\n"))
				+ "\n";
	}

	private static String row(ScaleStep step) {
		StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%d,%d,%.2f,%.3f,%.3f,%d,%s",
				step.path(), step.partitions(), step.workers(), step.callers(), step.throughput(), step.p50Ms(),
				step.p99Ms(), step.errors(), step.stable()));
		COLUMNS.forEach(name -> row.append(String.format(Locale.ROOT, ",%.2f", step.coresOf(name))));
		row.append(String.format(Locale.ROOT, ",%.2f", step.totalCores()));
		COLUMNS.stream()
			.filter(ScaleTable::isService)
			.forEach(name -> row.append(String.format(Locale.ROOT, ",%.1f", rssOf(step, name))));
		return row.toString();
	}

	/** Resident memory of a service, every instance of it together. */
	private static double rssOf(ScaleStep step, String service) {
		return step.rssMiB()
			.entrySet()
			.stream()
			.filter(entry -> CoreModel.serviceOf(entry.getKey()).equals(service))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	public static String render(ScaleReport report) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "Scale: %s%n", report.settings()));
		out.append(String.format(Locale.ROOT, "Model compute in-process: %s%n%n", report.compute()));
		out.append(String.format(Locale.ROOT, "%-13s %4s %4s %4s %9s %8s %8s %6s %3s |", "path", "part", "wrk", "c",
				"pred/s", "p50 ms", "p99 ms", "errors", "st"));
		COLUMNS.forEach(name -> out.append(String.format(Locale.ROOT, " %8s", abbreviation(name))));
		out.append(String.format(Locale.ROOT, " %6s | RSS MiB:", "total"));
		COLUMNS.stream()
			.filter(ScaleTable::isService)
			.forEach(name -> out.append(String.format(Locale.ROOT, " %7s", abbreviation(name))));
		out.append(System.lineSeparator());
		for (ScaleStep step : report.steps()) {
			out.append(String.format(Locale.ROOT, "%-13s %4d %4d %4d %9.1f %8.2f %8.2f %6d %3s |", step.path(),
					step.partitions(), step.workers(), step.callers(), step.throughput(), step.p50Ms(), step.p99Ms(),
					step.errors(), step.stable() ? "y" : "N"));
			COLUMNS.forEach(name -> out.append(String.format(Locale.ROOT, " %8.2f", step.coresOf(name))));
			out.append(String.format(Locale.ROOT, " %6.2f |         ", step.totalCores()));
			COLUMNS.stream()
				.filter(ScaleTable::isService)
				.forEach(name -> out.append(String.format(Locale.ROOT, " %7.0f", rssOf(step, name))));
			out.append(System.lineSeparator());
		}
		for (CoreModel model : report.models()) {
			out.append(String.format(Locale.ROOT,
					"%nCores = fixed + per 1,000 pred/s x load, fitted on %s " + "(1 worker, idle step included)%n",
					model.path()));
			for (CoreModel.ServiceCost line : model.services()) {
				out.append(String.format(Locale.ROOT, "  %-20s fixed %6.3f   per 1,000/s %6.3f%n", line.service(),
						line.fixedCores(), line.coresPerThousand()));
			}
			out.append(String.format(Locale.ROOT,
					"  all together per 1,000/s %.3f; of the worker's, model compute %.3f and the rest %.3f%n",
					model.totalCoresPerThousand(), model.computeMsPerPrediction(), model.workerOutsideModel()));
		}
		report.peakRssMiB()
			.forEach((service, figures) -> out.append(String.format(Locale.ROOT, "Peak RSS %-22s %8s MiB%n", service,
					figures.getOrDefault("peakRssMiB", Double.NaN))));
		report.notes().forEach(note -> out.append(String.format(Locale.ROOT, "Note: %s%n", note)));
		return out.toString();
	}

	/**
	 * Whether the group is a service with a memory reading of its own: the broker runs in
	 * the launcher's JVM, the load generator is the benchmark.
	 */
	private static boolean isService(String name) {
		return !name.equals("benchmark") && !name.equals("kafka-broker");
	}

	private static String abbreviation(String service) {
		return switch (service) {
			case "ingress-api" -> "ingress";
			case "predictor-worker" -> "workers";
			case "kafka-broker" -> "broker";
			case "metrics-aggregator" -> "aggreg.";
			case "benchmark" -> "loadgen";
			default -> service;
		};
	}

}
