package dev.pipeline.analyst.report;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;

/**
 * The report written without Gemini: no API key, quota spent, or Gemini kept failing. It
 * is deterministic (the same snapshot always gives the same text) and says what an
 * operator needs: the key numbers against the previous window, threshold breaches and
 * alerts, the trends that matter and what to do about them. Each section is written by a
 * class of its own ({@link SummarySection}, {@link KeyNumbersSection},
 * {@link LabelMixSection}, {@link AnomaliesSection}, {@link RecommendationsSection}); the
 * rules and their limits are listed in docs/analysis.md.
 */
final class RuleBasedReport {

	private RuleBasedReport() {
	}

	static String write(MetricsSnapshot snapshot, String reason) {
		StringBuilder md = new StringBuilder();
		md.append("## Performance report: ")
			.append(snapshot.model())
			.append(", last ")
			.append(snapshot.window())
			.append('\n')
			.append("Window ")
			.append(snapshot.from())
			.append(" to ")
			.append(snapshot.to())
			.append(", account scope `")
			.append(snapshot.accountScope())
			.append("`. Rule-based report: ")
			.append(reason)
			.append(".\n\n");
		SummarySection.write(md, snapshot.current());
		KeyNumbersSection.write(md, snapshot.current(), snapshot.previous());
		LabelMixSection.write(md, snapshot.current(), snapshot.previous());
		AnomaliesSection.write(md, snapshot);
		RecommendationsSection.write(md, snapshot);
		return md.toString().strip();
	}

}
