package dev.pipeline.analyst.report;

import dev.pipeline.analyst.snapshot.WindowStats;

import static dev.pipeline.analyst.report.ReportNumbers.count;
import static dev.pipeline.analyst.report.ReportNumbers.decimal;
import static dev.pipeline.analyst.report.ReportNumbers.ms;
import static dev.pipeline.analyst.report.ReportNumbers.percent;

/** "Summary": this window in one sentence. */
final class SummarySection {

	private SummarySection() {
	}

	static void write(StringBuilder md, WindowStats now) {
		md.append("### Summary\n").append(text(now)).append("\n\n");
	}

	private static String text(WindowStats now) {
		if (now.count() == 0) {
			return "No results were recorded in this window.";
		}
		return "%s results: %s succeeded, %s failed (%s), %s expired (%s). p95 latency %s, mean confidence %s."
			.formatted(count(now.count()), count(now.succeeded()), count(now.failed()), percent(now.errorRate()),
					count(now.expired()), percent(now.expiryRate()), ms(now.p95LatencyMs()),
					decimal(now.meanConfidence()));
	}

}
