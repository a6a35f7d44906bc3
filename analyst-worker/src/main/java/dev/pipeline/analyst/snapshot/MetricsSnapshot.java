package dev.pipeline.analyst.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * Everything a performance report may say, and nothing more: aggregates only, never a
 * request's inputs. It is what the prompt carries and what the rule-based report is
 * computed from, and it travels with the report as {@code metrics}.
 *
 * @param accountScope the account the numbers cover, or {@code *} for all traffic
 * @param from start of the window (inclusive)
 * @param to end of the window (exclusive): the snapshot bucket
 * @param previous the window of the same length just before, for trends
 * @param alerts alerts raised for windows inside [from, to), newest first
 */
public record MetricsSnapshot(String model, String window, String accountScope, Instant from, Instant to,
		WindowStats current, WindowStats previous, Thresholds thresholds, List<RaisedAlert> alerts) {

	public MetricsSnapshot {
		alerts = List.copyOf(alerts);
	}

}
