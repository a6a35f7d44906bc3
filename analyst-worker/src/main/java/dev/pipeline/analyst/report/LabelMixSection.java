package dev.pipeline.analyst.report;

import java.util.Comparator;
import java.util.Map;

import dev.pipeline.analyst.snapshot.WindowStats;

import static dev.pipeline.analyst.report.ReportNumbers.count;
import static dev.pipeline.analyst.report.ReportNumbers.percent;
import static dev.pipeline.analyst.report.ReportNumbers.share;

/**
 * "Label mix": each label's count and share, most frequent first, with its share in the
 * previous window. Left out for models without labels.
 */
final class LabelMixSection {

	private LabelMixSection() {
	}

	static void write(StringBuilder md, WindowStats now, WindowStats before) {
		if (now.labelCounts().isEmpty()) {
			return;
		}
		md.append("### Label mix\n");
		long total = now.labelCounts().values().stream().mapToLong(Long::longValue).sum();
		now.labelCounts()
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.forEach((entry) -> {
				md.append("- ")
					.append(entry.getKey())
					.append(": ")
					.append(count(entry.getValue()))
					.append(" (")
					.append(percent((double) entry.getValue() / total))
					.append(")");
				Double previousShare = share(before.labelCounts(), entry.getKey());
				if (previousShare != null) {
					md.append(", previously ").append(percent(previousShare));
				}
				md.append('\n');
			});
		md.append('\n');
	}

}
