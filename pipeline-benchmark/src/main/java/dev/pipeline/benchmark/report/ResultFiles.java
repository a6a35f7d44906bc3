package dev.pipeline.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.pipeline.benchmark.load.PointResult;
import dev.pipeline.contracts.PipelineJson;

/**
 * Writes a run under its results folder: {@code results.json} (everything, with machine,
 * settings and commit), {@code points.csv} and {@code comparisons.csv} (one row per
 * point, for spreadsheets and plots), {@code measurements.csv} (one row per figure of the
 * measurements that are not points) and {@code table.txt} (what was printed).
 */
public final class ResultFiles {

	static final String POINTS_HEADER = "scenario,mode,value,throughput_per_s,p50_ms,p90_ms,p95_ms,p99_ms,mean_ms,max_ms,"
			+ "requests,errors,windows,stable";

	static final String COMPARISONS_HEADER = "scenario,point,baseline,throughput_per_s,baseline_throughput_per_s,"
			+ "throughput_ratio,p50_ms,baseline_p50_ms,added_p50_ms";

	static final String MEASUREMENTS_HEADER = "measurement,figure,value";

	private ResultFiles() {
	}

	public static void write(Path dir, RunReport report) throws IOException {
		Files.createDirectories(dir);
		Files.writeString(dir.resolve("results.json"),
				PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
		Files.writeString(dir.resolve("points.csv"), POINTS_HEADER + "\n"
				+ report.points().stream().map(ResultFiles::row).collect(Collectors.joining("\n")) + "\n");
		Files.writeString(dir.resolve("comparisons.csv"), COMPARISONS_HEADER + "\n"
				+ report.comparisons().stream().map(ResultFiles::row).collect(Collectors.joining("\n")) + "\n");
		Files
			.writeString(dir.resolve("measurements.csv"),
					MEASUREMENTS_HEADER + "\n"
							+ report.measurements()
								.entrySet()
								.stream()
								.flatMap(measurement -> (measurement.getValue() instanceof Map<?, ?> figures)
										? figures.entrySet()
											.stream()
											.map(figure -> row(measurement.getKey(), figure.getKey(),
													figure.getValue()))
										: java.util.stream.Stream
											.of(row(measurement.getKey(), "", measurement.getValue())))
								.collect(Collectors.joining("\n"))
							+ "\n");
		Files.writeString(dir.resolve("table.txt"), ResultTable.render(report));
	}

	/**
	 * One figure of a measurement that is not a point (the aggregator's, the Kafka
	 * floor's).
	 */
	private static String row(String measurement, Object figure, Object value) {
		return String.join(",", csv(measurement), csv(String.valueOf(figure)), csv(String.valueOf(value)));
	}

	private static String csv(String field) {
		return (field.contains(",") || field.contains("\"")) ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
	}

	private static String row(PointResult p) {
		return String.format(Locale.ROOT, "%s,%s,%s,%.2f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%d,%d,%s", p.scenario(),
				p.point().mode().name().toLowerCase(Locale.ROOT), number(p.point().value()), p.throughput(), p.p50Ms(),
				p.p90Ms(), p.p95Ms(), p.p99Ms(), p.meanMs(), p.maxMs(), p.requests(), p.errors(), p.windows(),
				p.stable());
	}

	private static String row(Comparison c) {
		return String.format(Locale.ROOT, "%s,%s,%s,%.2f,%.2f,%.4f,%.3f,%.3f,%.3f", c.scenario(), c.point(),
				c.baseline().replace(',', ';'), c.throughput(), c.baselineThroughput(), c.throughputRatio(), c.p50Ms(),
				c.baselineP50Ms(), c.addedP50Ms());
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

}
