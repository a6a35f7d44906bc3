package dev.pipeline.analyst.report;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.analyst.snapshot.Thresholds;
import dev.pipeline.analyst.snapshot.WindowStats;

/**
 * "Recommendations": what an operator should do about what the anomalies name, one line
 * per cause, or that nothing is needed.
 */
final class RecommendationsSection {

	/** Error rate that deserves attention when the model has no threshold of its own. */
	static final double DEFAULT_MAX_ERROR_RATE = 0.05;

	static final double MAX_EXPIRY_RATE = 0.01;

	private RecommendationsSection() {
	}

	static void write(StringBuilder md, MetricsSnapshot snapshot) {
		md.append("\n### Recommendations\n");
		recommendations(new WindowChange(snapshot.current(), snapshot.previous()), snapshot.thresholds(),
				!snapshot.alerts().isEmpty())
			.forEach((line) -> md.append("- ").append(line).append('\n'));
	}

	private static List<String> recommendations(WindowChange change, Thresholds thresholds, boolean alerted) {
		WindowStats now = change.now();
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
		if (AnomaliesSection.latencyBreached(now, thresholds) || change.notableLatencyRise() != null) {
			lines.add("Latency is up: compare queue time with inference time; queueing means too few predictor "
					+ "instances or too long a batch wait, inference time means a heavier model or busier hosts.");
		}
		if (AnomaliesSection.confidenceBreached(now, thresholds) || change.confidenceFell()
				|| change.largestLabelShift() != null) {
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

}
