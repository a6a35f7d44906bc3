package dev.pipeline.analyst.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.analyst.snapshot.RaisedAlert;
import dev.pipeline.analyst.snapshot.Thresholds;
import dev.pipeline.analyst.snapshot.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RuleBasedReportTests {

	static final Instant TO = Instant.parse("2026-03-01T12:00:00Z");

	@Test
	void shouldBeDeterministic() {
		MetricsSnapshot snapshot = troubled();

		assertThat(RuleBasedReport.write(snapshot, "quota spent"))
			.isEqualTo(RuleBasedReport.write(snapshot, "quota spent"));
	}

	@Test
	void shouldGiveKeyNumbersAgainstThePreviousWindow() {
		String report = RuleBasedReport.write(troubled(), "quota spent");

		assertThat(report).contains("Rule-based report: quota spent.")
			.contains("| results | 1,000 | 800 | +25.0% |")
			.contains("| error rate | 8.0% | 1.0% | +7.0 pp |")
			.contains("| p95 latency | 240.0 ms | 100.0 ms | +140.0% |")
			.contains("| mean confidence | 0.710 | 0.850 | -0.140 |");
	}

	@Test
	void shouldNameBreachesTrendsAndWhatToDo() {
		String report = RuleBasedReport.write(troubled(), "quota spent");

		assertThat(report).contains("**Threshold breached**: p95 latency 240.0 ms is above the threshold of 150.0 ms.")
			.contains("**Threshold breached**: error rate 8.0% is above the threshold of 5.0%.")
			.contains("**Threshold breached**: mean confidence 0.710 is below the minimum of 0.800.")
			.contains("1 alert(s) raised in the window (errorRate ×1)")
			.contains("p95 latency rose by 140.0%")
			.contains("Label mix shifted: `negative` moved by +30.0 percentage points")
			.contains("Investigate failures")
			.contains("Requests expire before they are computed")
			.contains("Latency is up")
			.contains("The input may be drifting");
	}

	@Test
	void shouldSayThatNothingIsNeededWhenAllIsWell() {
		WindowStats steady = new WindowStats(1000, 1000, 0, 0, 10.0, 20.0, 30.0, 40.0, 0.9, 3,
				Map.of("positive", 500L, "negative", 500L));
		MetricsSnapshot snapshot = new MetricsSnapshot("sentiment", "1h", "*", TO.minusSeconds(3600), TO, steady,
				steady, new Thresholds(150.0, 0.05, 0.8), List.of());

		String report = RuleBasedReport.write(snapshot, "no Gemini API key is configured");

		assertThat(report).contains("None: no threshold breach").contains("No action needed");
	}

	@Test
	void shouldPointAtThePipelineWhenThereIsNoTraffic() {
		MetricsSnapshot snapshot = new MetricsSnapshot("sentiment", "1h", "*", TO.minusSeconds(3600), TO,
				WindowStats.EMPTY, WindowStats.EMPTY, Thresholds.NONE, List.of());

		assertThat(RuleBasedReport.write(snapshot, "x")).contains("No results were recorded")
			.contains("No results arrived");
	}

	/**
	 * The whole text for snapshots that reach every rule, against reports written before
	 * the sections were split into classes of their own: a refactoring must not change
	 * one byte.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "troubled", "steady", "empty", "alerted-within-thresholds", "traffic-started",
			"traffic-stopped", "traffic-fell-without-thresholds" })
	void shouldWriteTheSameTextAsBefore(String name) throws IOException {
		String expected;
		try (InputStream in = getClass().getResourceAsStream("rule-based/" + name + ".md")) {
			expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(RuleBasedReport.write(snapshots().get(name), "reason " + name)).isEqualTo(expected);
	}

	private static Map<String, MetricsSnapshot> snapshots() {
		WindowStats steady = new WindowStats(1000, 1000, 0, 0, 10.0, 20.0, 30.0, 40.0, 0.9, 3,
				Map.of("positive", 500L, "negative", 500L));
		WindowStats busy = new WindowStats(3000, 2950, 40, 10, 12.0, 25.0, 35.0, 50.0, 0.88, 30,
				Map.of("positive", 1400L, "negative", 1500L, "neutral", 100L));
		WindowStats quiet = new WindowStats(300, 296, 4, 0, null, null, null, null, null, 0, Map.of());
		RaisedAlert spike = new RaisedAlert("p95LatencyMs", "2", 150.0, 180.5, TO.minusSeconds(1200),
				TO.minusSeconds(1140));
		RaisedAlert errors = new RaisedAlert("errorRate", "2", 0.05, 0.07, TO.minusSeconds(1800),
				TO.minusSeconds(1740));
		Thresholds thresholds = new Thresholds(150.0, 0.05, 0.8);
		Map<String, MetricsSnapshot> snapshots = new LinkedHashMap<>();
		snapshots.put("troubled", troubled());
		snapshots.put("steady", snapshot(steady, steady, thresholds, List.of()));
		snapshots.put("empty", snapshot(WindowStats.EMPTY, WindowStats.EMPTY, Thresholds.NONE, List.of()));
		snapshots.put("alerted-within-thresholds", snapshot(steady, steady, thresholds, List.of(spike, errors, spike)));
		snapshots.put("traffic-started", snapshot(busy, WindowStats.EMPTY, thresholds, List.of()));
		snapshots.put("traffic-stopped", snapshot(WindowStats.EMPTY, busy, thresholds, List.of()));
		snapshots.put("traffic-fell-without-thresholds", snapshot(quiet, busy, Thresholds.NONE, List.of()));
		return snapshots;
	}

	private static MetricsSnapshot snapshot(WindowStats now, WindowStats before, Thresholds thresholds,
			List<RaisedAlert> alerts) {
		return new MetricsSnapshot("sentiment", "1h", "*", TO.minusSeconds(3600), TO, now, before, thresholds, alerts);
	}

	private static MetricsSnapshot troubled() {
		WindowStats now = new WindowStats(1000, 900, 80, 20, 50.0, 240.0, 400.0, 900.0, 0.71, 300,
				Map.of("positive", 400L, "negative", 600L));
		WindowStats before = new WindowStats(800, 792, 8, 0, 40.0, 100.0, 150.0, 300.0, 0.85, 40,
				Map.of("positive", 560L, "negative", 240L));
		return new MetricsSnapshot("sentiment", "1h", "*", TO.minusSeconds(3600), TO, now, before,
				new Thresholds(150.0, 0.05, 0.8),
				List.of(new RaisedAlert("errorRate", "1", 0.05, 0.12, TO.minusSeconds(600), TO.minusSeconds(540))));
	}

}
