package dev.pipeline.aggregator.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.pipeline.aggregator.window.MetricsKey;
import dev.pipeline.aggregator.window.WindowAggregate;
import dev.pipeline.contracts.Alert;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AlertRuleTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant NOW = START.plusSeconds(75);

	@Test
	void shouldRaiseOneAlertPerBreachedMetricWithADeterministicId() {
		AlertRule rule = rule(new Thresholds("m", 1000.0, 0.25, 0.8, 1));
		WindowAggregate aggregate = aggregate(ResultStatus.SUCCEEDED, ResultStatus.SUCCEEDED, ResultStatus.FAILED,
				ResultStatus.EXPIRED);

		List<KeyValue<String, Alert>> alerts = rule.check(window(MetricsKey.Scope.MODEL), aggregate);

		assertThat(alerts).extracting(alert -> alert.key).containsOnly("m");
		assertThat(alerts).extracting(alert -> alert.value.metric())
			.containsExactly(AlertRule.ERROR_RATE, AlertRule.MEAN_CONFIDENCE);
		Alert errorRate = alerts.get(0).value;
		assertThat(errorRate.observed()).isCloseTo(0.5, within(1e-9));
		assertThat(errorRate.threshold()).isEqualTo(0.25);
		assertThat(errorRate.windowEnd()).isEqualTo(START.plusSeconds(60));
		assertThat(errorRate.raisedAt()).isEqualTo(NOW);
		assertThat(errorRate.id()).isEqualTo(AlertRule.alertId("m", "1", AlertRule.ERROR_RATE, START))
			.isNotEqualTo(AlertRule.alertId("m", "1", AlertRule.ERROR_RATE, START.plusSeconds(60)))
			.isNotEqualTo(AlertRule.alertId("m", "2", AlertRule.ERROR_RATE, START));
		assertThat(alerts.get(1).value.observed()).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void shouldNotCheckAccountWindowsUnsetLimitsOrSmallWindows() {
		WindowAggregate failing = aggregate(ResultStatus.FAILED, ResultStatus.FAILED);

		assertThat(rule(new Thresholds("m", null, 0.1, null, 1)).check(window(MetricsKey.Scope.ACCOUNT), failing))
			.isEmpty();
		assertThat(rule(new Thresholds("m", null, null, null, 1)).check(window(MetricsKey.Scope.MODEL), failing))
			.isEmpty();
		assertThat(rule(new Thresholds("m", null, 0.1, null, 3)).check(window(MetricsKey.Scope.MODEL), failing))
			.isEmpty();
		assertThat(new AlertRule(model -> Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC))
			.check(window(MetricsKey.Scope.MODEL), failing)).isEmpty();
	}

	private static AlertRule rule(Thresholds thresholds) {
		return new AlertRule(model -> Optional.of(thresholds), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static Windowed<MetricsKey> window(MetricsKey.Scope scope) {
		MetricsKey key = (scope == MetricsKey.Scope.MODEL) ? new MetricsKey(scope, MetricsKey.ALL, "m", "1")
				: new MetricsKey(scope, "acct", "m", MetricsKey.ALL);
		return new Windowed<>(key, new TimeWindow(START.toEpochMilli(), START.plusSeconds(60).toEpochMilli()));
	}

	/** One result per status; a succeeded one scores 0.5 (below the 0.8 minimum mean). */
	private static WindowAggregate aggregate(ResultStatus... statuses) {
		JsonNode output = PipelineJson.mapper().createObjectNode().put("label", "positive").put("score", 0.5);
		WindowAggregate aggregate = WindowAggregate.empty();
		int i = 0;
		for (ResultStatus status : statuses) {
			aggregate = aggregate.add(new InferenceResult(1, "r" + i++, "m", "1", null, status,
					(status == ResultStatus.SUCCEEDED) ? List.of(output) : null, null, START, START.plusMillis(20),
					new Timings(1, 1, 1)), 0.6);
		}
		return aggregate;
	}

}
