package dev.pipeline.analyst.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.analyst.snapshot.RaisedAlert;
import dev.pipeline.analyst.snapshot.Thresholds;
import dev.pipeline.analyst.snapshot.WindowStats;

import static dev.pipeline.analyst.report.ReportNumbers.count;
import static dev.pipeline.analyst.report.ReportNumbers.decimal;
import static dev.pipeline.analyst.report.ReportNumbers.ms;
import static dev.pipeline.analyst.report.ReportNumbers.number;
import static dev.pipeline.analyst.report.ReportNumbers.percent;

/**
 * "Anomalies": threshold breaches first, then the alerts raised in the window, then the
 * notable changes against the previous window; "None" when there is nothing to name.
 */
final class AnomaliesSection {

	private AnomaliesSection() {
	}

	static void write(StringBuilder md, MetricsSnapshot snapshot) {
		WindowStats now = snapshot.current();
		md.append("### Anomalies\n");
		List<String> anomalies = new ArrayList<>(breaches(now, snapshot.thresholds()));
		anomalies.addAll(alerts(snapshot.alerts()));
		anomalies.addAll(trends(new WindowChange(now, snapshot.previous())));
		if (anomalies.isEmpty()) {
			md.append("None: no threshold breach, no alert, no notable change against the previous window.\n");
		}
		else {
			anomalies.forEach((line) -> md.append("- ").append(line).append('\n'));
		}
	}

	/**
	 * Whether the window's p95 latency is above the model's threshold, when it has one.
	 */
	static boolean latencyBreached(WindowStats now, Thresholds thresholds) {
		return thresholds.p95LatencyMs() != null && now.p95LatencyMs() != null
				&& now.p95LatencyMs() > thresholds.p95LatencyMs();
	}

	/**
	 * Whether the window's mean confidence is below the model's minimum, when it has one.
	 */
	static boolean confidenceBreached(WindowStats now, Thresholds thresholds) {
		return thresholds.minMeanConfidence() != null && now.meanConfidence() != null
				&& now.meanConfidence() < thresholds.minMeanConfidence();
	}

	private static List<String> breaches(WindowStats now, Thresholds thresholds) {
		List<String> lines = new ArrayList<>();
		if (now.count() == 0) {
			return lines;
		}
		if (latencyBreached(now, thresholds)) {
			lines.add("**Threshold breached**: p95 latency " + ms(now.p95LatencyMs()) + " is above the threshold of "
					+ ms(thresholds.p95LatencyMs()) + ".");
		}
		if (thresholds.maxErrorRate() != null && now.errorRate() > thresholds.maxErrorRate()) {
			lines.add("**Threshold breached**: error rate " + percent(now.errorRate()) + " is above the threshold of "
					+ percent(thresholds.maxErrorRate()) + ".");
		}
		if (confidenceBreached(now, thresholds)) {
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
		alerts.stream().map(RaisedAlert::metric).sorted().forEach((metric) -> byMetric.merge(metric, 1, Integer::sum));
		RaisedAlert latest = alerts.get(0);
		StringBuilder perMetric = new StringBuilder();
		byMetric.forEach((metric,
				n) -> perMetric.append(perMetric.length() == 0 ? "" : ", ").append(metric).append(" ×").append(n));
		return List.of(alerts.size() + " alert(s) raised in the window (" + perMetric + "); latest: " + latest.metric()
				+ " observed " + number(latest.observed()) + " against " + number(latest.threshold())
				+ " for the window starting " + latest.windowStart() + ".");
	}

	private static List<String> trends(WindowChange change) {
		WindowStats now = change.now();
		WindowStats before = change.before();
		List<String> lines = new ArrayList<>();
		if (before.count() == 0) {
			if (now.count() > 0) {
				lines.add("No traffic in the previous window: no trend to compare against.");
			}
			return lines;
		}
		if (now.count() == 0) {
			lines.add(
					"Traffic stopped: " + count(before.count()) + " results in the previous window, none in this one.");
			return lines;
		}
		double traffic = (double) (now.count() - before.count()) / before.count();
		if (Math.abs(traffic) >= WindowChange.NOTABLE_CHANGE) {
			lines.add("Traffic " + (traffic > 0 ? "rose" : "fell") + " by " + percent(Math.abs(traffic))
					+ " against the previous window.");
		}
		Double latency = change.notableLatencyRise();
		if (latency != null) {
			lines.add("p95 latency rose by " + percent(latency) + " (" + ms(before.p95LatencyMs()) + " → "
					+ ms(now.p95LatencyMs()) + ").");
		}
		if (now.errorRate() > before.errorRate() * 2 && now.errorRate() - before.errorRate() >= 0.01) {
			lines.add("Error rate rose from " + percent(before.errorRate()) + " to " + percent(now.errorRate()) + ".");
		}
		if (change.confidenceFell()) {
			lines.add("Mean confidence fell from " + decimal(before.meanConfidence()) + " to "
					+ decimal(now.meanConfidence()) + ".");
		}
		WindowChange.LabelShift shift = change.largestLabelShift();
		if (shift != null) {
			lines.add("Label mix shifted: `" + shift.label() + "` moved by "
					+ String.format(Locale.ROOT, "%+.1f", shift.points())
					+ " percentage points against the previous window.");
		}
		return lines;
	}

}
