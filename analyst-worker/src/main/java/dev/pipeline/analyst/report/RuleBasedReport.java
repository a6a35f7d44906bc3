package dev.pipeline.analyst.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.analyst.snapshot.RaisedAlert;
import dev.pipeline.analyst.snapshot.Thresholds;
import dev.pipeline.analyst.snapshot.WindowStats;
import org.jspecify.annotations.Nullable;

/**
 * The report written without Gemini: no API key, quota spent, or Gemini kept failing. It is
 * deterministic (the same snapshot always gives the same text) and says what an operator
 * needs: the key numbers against the previous window, threshold breaches and alerts, the
 * trends that matter and what to do about them. The rules and their limits are listed in
 * docs/analysis.md.
 */
final class RuleBasedReport {

	/** Error rate that deserves attention when the model has no threshold of its own. */
	static final double DEFAULT_MAX_ERROR_RATE = 0.05;

	static final double MAX_EXPIRY_RATE = 0.01;

	/** Relative change of p95 latency or traffic worth calling a trend. */
	static final double NOTABLE_CHANGE = 0.5;

	static final double CONFIDENCE_DROP = 0.05;

	/** Shift of one label's share, in percentage points, worth calling a drift. */
	static final double LABEL_SHIFT_POINTS = 15;

	private RuleBasedReport() {
	}

	static String write(MetricsSnapshot snapshot, String reason) {
		WindowStats now = snapshot.current();
		WindowStats before = snapshot.previous();
		StringBuilder md = new StringBuilder();
		md.append("## Performance report: ").append(snapshot.model()).append(", last ").append(snapshot.window())
			.append('\n')
			.append("Window ").append(snapshot.from()).append(" to ").append(snapshot.to()).append(", account scope `")
			.append(snapshot.accountScope()).append("`. Rule-based report: ").append(reason).append(".\n\n");
		md.append("### Summary\n").append(summary(now)).append("\n\n");
		keyNumbers(md, now, before);
		labelMix(md, now, before);
		List<String> breaches = breaches(now, snapshot.thresholds());
		md.append("### Anomalies\n");
		List<String> anomalies = new ArrayList<>(breaches);
		anomalies.addAll(alerts(snapshot.alerts()));
		anomalies.addAll(trends(now, before));
		if (anomalies.isEmpty()) {
			md.append("None: no threshold breach, no alert, no notable change against the previous window.\n");
		}
		else {
			anomalies.forEach((line) -> md.append("- ").append(line).append('\n'));
		}
		md.append("\n### Recommendations\n");
		recommendations(now, before, snapshot.thresholds(), !snapshot.alerts().isEmpty())
			.forEach((line) -> md.append("- ").append(line).append('\n'));
		return md.toString().strip();
	}

	private static String summary(WindowStats now) {
		if (now.count() == 0) {
			return "No results were recorded in this window.";
		}
		return "%s results: %s succeeded, %s failed (%s), %s expired (%s). p95 latency %s, mean confidence %s."
			.formatted(count(now.count()), count(now.succeeded()), count(now.failed()), percent(now.errorRate()),
					count(now.expired()), percent(now.expiryRate()), ms(now.p95LatencyMs()),
					decimal(now.meanConfidence()));
	}

	private static void keyNumbers(StringBuilder md, WindowStats now, WindowStats before) {
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

	private static void labelMix(StringBuilder md, WindowStats now, WindowStats before) {
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
				md.append("- ").append(entry.getKey()).append(": ").append(count(entry.getValue())).append(" (")
					.append(percent((double) entry.getValue() / total)).append(")");
				Double previousShare = share(before.labelCounts(), entry.getKey());
				if (previousShare != null) {
					md.append(", previously ").append(percent(previousShare));
				}
				md.append('\n');
			});
		md.append('\n');
	}

	private static List<String> breaches(WindowStats now, Thresholds thresholds) {
		List<String> lines = new ArrayList<>();
		if (now.count() == 0) {
			return lines;
		}
		if (thresholds.p95LatencyMs() != null && now.p95LatencyMs() != null
				&& now.p95LatencyMs() > thresholds.p95LatencyMs()) {
			lines.add("**Threshold breached**: p95 latency " + ms(now.p95LatencyMs()) + " is above the threshold of "
					+ ms(thresholds.p95LatencyMs()) + ".");
		}
		if (thresholds.maxErrorRate() != null && now.errorRate() > thresholds.maxErrorRate()) {
			lines.add("**Threshold breached**: error rate " + percent(now.errorRate()) + " is above the threshold of "
					+ percent(thresholds.maxErrorRate()) + ".");
		}
		if (thresholds.minMeanConfidence() != null && now.meanConfidence() != null
				&& now.meanConfidence() < thresholds.minMeanConfidence()) {
			lines.add("**Threshold breached**: mean confidence " + decimal(now.meanConfidence())
					+ " is below the minimum of " + decimal(thresholds.minMeanConfidence()) + ".");
		}
		return lines;
	}

	private static List<String> alerts(List<RaisedAlert> alerts) {
		if (alerts.isEmpty()) {
			return List.of();
		}
		Map<String, Integer> byMetric = new LinkedHashMap<>();
		alerts.stream()
			.map(RaisedAlert::metric)
			.sorted()
			.forEach((metric) -> byMetric.merge(metric, 1, Integer::sum));
		RaisedAlert latest = alerts.get(0);
		StringBuilder perMetric = new StringBuilder();
		byMetric.forEach((metric, n) -> perMetric.append(perMetric.length() == 0 ? "" : ", ")
			.append(metric)
			.append(" ×")
			.append(n));
		return List.of(alerts.size() + " alert(s) raised in the window (" + perMetric + "); latest: "
				+ latest.metric() + " observed " + number(latest.observed()) + " against " + number(latest.threshold())
				+ " for the window starting " + latest.windowStart() + ".");
	}

	private static List<String> trends(WindowStats now, WindowStats before) {
		List<String> lines = new ArrayList<>();
		if (before.count() == 0) {
			if (now.count() > 0) {
				lines.add("No traffic in the previous window: no trend to compare against.");
			}
			return lines;
		}
		if (now.count() == 0) {
			lines.add("Traffic stopped: " + count(before.count()) + " results in the previous window, none in this one.");
			return lines;
		}
		double traffic = (double) (now.count() - before.count()) / before.count();
		if (Math.abs(traffic) >= NOTABLE_CHANGE) {
			lines.add("Traffic " + (traffic > 0 ? "rose" : "fell") + " by " + percent(Math.abs(traffic))
					+ " against the previous window.");
		}
		if (now.p95LatencyMs() != null && before.p95LatencyMs() != null && before.p95LatencyMs() > 0) {
			double latency = (now.p95LatencyMs() - before.p95LatencyMs()) / before.p95LatencyMs();
			if (latency >= NOTABLE_CHANGE) {
				lines.add("p95 latency rose by " + percent(latency) + " (" + ms(before.p95LatencyMs()) + " → "
						+ ms(now.p95LatencyMs()) + ").");
			}
		}
		if (now.errorRate() > before.errorRate() * 2 && now.errorRate() - before.errorRate() >= 0.01) {
			lines.add("Error rate rose from " + percent(before.errorRate()) + " to " + percent(now.errorRate()) + ".");
		}
		if (now.meanConfidence() != null && before.meanConfidence() != null
				&& before.meanConfidence() - now.meanConfidence() >= CONFIDENCE_DROP) {
			lines.add("Mean confidence fell from " + decimal(before.meanConfidence()) + " to "
					+ decimal(now.meanConfidence()) + ".");
		}
		String shifted = largestLabelShift(now, before);
		if (shifted != null) {
			lines.add(shifted);
		}
		return lines;
	}

	private static List<String> recommendations(WindowStats now, WindowStats before, Thresholds thresholds,
			boolean alerted) {
		List<String> lines = new ArrayList<>();
		if (now.count() == 0) {
			lines.add("No results arrived: check that clients reach the ingress, that predictor-worker consumes "
					+ "`inference.requests` and that metrics-aggregator consumes `inference.results`.");
			return lines;
		}
		double maxErrorRate = thresholds.maxErrorRate() != null ? thresholds.maxErrorRate() : DEFAULT_MAX_ERROR_RATE;
		if (now.errorRate() > maxErrorRate) {
			lines.add("Investigate failures: look at the error codes of FAILED jobs and at `inference.requests.dlq` "
					+ "for poison input; a single error code usually points at one cause.");
		}
		if (now.expiryRate() > MAX_EXPIRY_RATE) {
			lines.add("Requests expire before they are computed: add predictor-worker instances (up to the partition "
					+ "count of `inference.requests`) or give clients longer deadlines.");
		}
		boolean slow = thresholds.p95LatencyMs() != null && now.p95LatencyMs() != null
				&& now.p95LatencyMs() > thresholds.p95LatencyMs();
		boolean slower = now.p95LatencyMs() != null && before.p95LatencyMs() != null && before.p95LatencyMs() > 0
				&& (now.p95LatencyMs() - before.p95LatencyMs()) / before.p95LatencyMs() >= NOTABLE_CHANGE;
		if (slow || slower) {
			lines.add("Latency is up: compare queue time with inference time; queueing means too few predictor "
					+ "instances or too long a batch wait, inference time means a heavier model or busier hosts.");
		}
		boolean lowConfidence = thresholds.minMeanConfidence() != null && now.meanConfidence() != null
				&& now.meanConfidence() < thresholds.minMeanConfidence();
		boolean confidenceFell = now.meanConfidence() != null && before.meanConfidence() != null
				&& before.meanConfidence() - now.meanConfidence() >= CONFIDENCE_DROP;
		if (lowConfidence || confidenceFell || largestLabelShift(now, before) != null) {
			lines.add("The input may be drifting: sample recent low-confidence inputs for labelling and compare "
					+ "them with the training data before retraining.");
		}
		if (alerted && lines.isEmpty()) {
			lines.add("Alerts were raised for part of the window but the window as a whole is within thresholds: "
					+ "check `GET /v1/alerts` for short spikes and their times.");
		}
		if (lines.isEmpty()) {
			lines.add("No action needed: every metric is within its thresholds and stable against the previous "
					+ "window.");
		}
		return lines;
	}

	private static @Nullable String largestLabelShift(WindowStats now, WindowStats before) {
		if (now.labelCounts().isEmpty() || before.labelCounts().isEmpty()) {
			return null;
		}
		Set<String> labels = new TreeSet<>(now.labelCounts().keySet());
		labels.addAll(before.labelCounts().keySet());
		String largest = null;
		double largestShift = 0;
		for (String label : labels) {
			double nowShare = share(now.labelCounts(), label) == null ? 0 : share(now.labelCounts(), label);
			double beforeShare = share(before.labelCounts(), label) == null ? 0 : share(before.labelCounts(), label);
			double shift = (nowShare - beforeShare) * 100;
			if (Math.abs(shift) > Math.abs(largestShift)) {
				largest = label;
				largestShift = shift;
			}
		}
		if (largest == null || Math.abs(largestShift) < LABEL_SHIFT_POINTS) {
			return null;
		}
		return "Label mix shifted: `" + largest + "` moved by " + String.format(Locale.ROOT, "%+.1f", largestShift)
				+ " percentage points against the previous window.";
	}

	private static @Nullable Double share(Map<String, Long> counts, String label) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		Long n = counts.get(label);
		return (total == 0 || n == null) ? null : (double) n / total;
	}

	private static void row(StringBuilder md, String metric, String now, String before, String change) {
		md.append("| ").append(metric).append(" | ").append(now).append(" | ").append(before).append(" | ")
			.append(change).append(" |\n");
	}

	private static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	private static String percent(double fraction) {
		return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
	}

	private static String ms(@Nullable Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f ms", value);
	}

	private static String decimal(@Nullable Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
	}

	private static String number(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
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

	private static String points(double now, double before, long nowCount, long beforeCount) {
		return (nowCount == 0 || beforeCount == 0) ? "n/a"
				: String.format(Locale.ROOT, "%+.1f pp", (now - before) * 100);
	}

	private static String difference(@Nullable Double now, @Nullable Double before) {
		return (now == null || before == null) ? "n/a" : String.format(Locale.ROOT, "%+.3f", now - before);
	}

}
