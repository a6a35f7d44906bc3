package dev.pipeline.analyst.report;

import java.util.Locale;

import dev.pipeline.analyst.snapshot.WindowStats;
import org.jspecify.annotations.Nullable;

import static dev.pipeline.analyst.report.ReportNumbers.count;
import static dev.pipeline.analyst.report.ReportNumbers.decimal;
import static dev.pipeline.analyst.report.ReportNumbers.ms;
import static dev.pipeline.analyst.report.ReportNumbers.percent;

/**
 * "Key numbers": a table of this window against the previous one, with the change of
 * each.
 */
final class KeyNumbersSection {

	private KeyNumbersSection() {
	}

	static void write(StringBuilder md, WindowStats now, WindowStats before) {
		md.append("### Key numbers\n")
			.append("| metric | this window | previous window | change |\n")
			.append("| --- | ---: | ---: | ---: |\n");
		row(md, "results", count(now.count()), count(before.count()), relative(now.count(), before.count()));
		row(md, "error rate", percent(now.errorRate()), percent(before.errorRate()),
				points(now.errorRate(), before.errorRate(), now.count(), before.count()));
		row(md, "expiry rate", percent(now.expiryRate()), percent(before.expiryRate()),
				points(now.expiryRate(), before.expiryRate(), now.count(), before.count()));
		row(md, "p50 latency", ms(now.p50LatencyMs()), ms(before.p50LatencyMs()),
				relative(now.p50LatencyMs(), before.p50LatencyMs()));
		row(md, "p95 latency", ms(now.p95LatencyMs()), ms(before.p95LatencyMs()),
				relative(now.p95LatencyMs(), before.p95LatencyMs()));
		row(md, "p99 latency", ms(now.p99LatencyMs()), ms(before.p99LatencyMs()),
				relative(now.p99LatencyMs(), before.p99LatencyMs()));
		row(md, "mean confidence", decimal(now.meanConfidence()), decimal(before.meanConfidence()),
				difference(now.meanConfidence(), before.meanConfidence()));
		md.append('\n');
	}

	private static void row(StringBuilder md, String metric, String now, String before, String change) {
		md.append("| ")
			.append(metric)
			.append(" | ")
			.append(now)
			.append(" | ")
			.append(before)
			.append(" | ")
			.append(change)
			.append(" |\n");
	}

	private static String relative(double now, double before) {
		if (before == 0) {
			return now == 0 ? "±0%" : "new";
		}
		return String.format(Locale.ROOT, "%+.1f%%", (now - before) / before * 100);
	}

	private static String relative(@Nullable Double now, @Nullable Double before) {
		return (now == null || before == null) ? "n/a" : relative(now.doubleValue(), before.doubleValue());
	}

	/**
	 * A rate's change in percentage points; meaningless when either window had no
	 * results.
	 */
	private static String points(double now, double before, long nowCount, long beforeCount) {
		return (nowCount == 0 || beforeCount == 0) ? "n/a"
				: String.format(Locale.ROOT, "%+.1f pp", (now - before) * 100);
	}

	private static String difference(@Nullable Double now, @Nullable Double before) {
		return (now == null || before == null) ? "n/a" : String.format(Locale.ROOT, "%+.3f", now - before);
	}

}
