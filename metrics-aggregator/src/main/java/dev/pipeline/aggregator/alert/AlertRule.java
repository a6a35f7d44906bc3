package dev.pipeline.aggregator.alert;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.pipeline.aggregator.window.ClosedWindowRule;
import dev.pipeline.aggregator.window.MetricsKey;
import dev.pipeline.aggregator.window.WindowAggregate;
import dev.pipeline.contracts.Alert;
import dev.pipeline.metrics.LatencyHistogram;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;

import org.springframework.stereotype.Component;

/**
 * Compares an ENDED window of one model version with that model's thresholds. Each
 * breached metric yields one alert whose id is derived from (model, version, metric,
 * window start), so the same breach always has the same id, whoever raises it and however
 * often. The thresholds come from the {@link ThresholdBook} in the application.
 */
@Component
public class AlertRule implements ClosedWindowRule {

	public static final String P95_LATENCY = "p95LatencyMs";

	public static final String ERROR_RATE = "errorRate";

	public static final String MEAN_CONFIDENCE = "meanConfidence";

	private final Function<String, Optional<Thresholds>> thresholds;

	private final Clock clock;

	public AlertRule(Function<String, Optional<Thresholds>> thresholds, Clock clock) {
		this.thresholds = thresholds;
		this.clock = clock;
	}

	@Override
	public List<KeyValue<String, Alert>> check(Windowed<MetricsKey> window, WindowAggregate aggregate) {
		MetricsKey key = window.key();
		Optional<Thresholds> limits = this.thresholds.apply(key.model());
		if (key.scope() != MetricsKey.Scope.MODEL || limits.isEmpty()
				|| aggregate.count() < Math.max(1, limits.get().minWindowCount())) {
			return List.of();
		}
		Thresholds limit = limits.get();
		List<KeyValue<String, Alert>> alerts = new ArrayList<>(3);
		Double p95 = LatencyHistogram.percentileMs(aggregate.latency(), 95.0);
		if (limit.p95LatencyMs() != null && p95 != null && p95 > limit.p95LatencyMs()) {
			alerts.add(alert(window, P95_LATENCY, limit.p95LatencyMs(), p95));
		}
		if (limit.maxErrorRate() != null && aggregate.errorRate() > limit.maxErrorRate()) {
			alerts.add(alert(window, ERROR_RATE, limit.maxErrorRate(), aggregate.errorRate()));
		}
		Double confidence = aggregate.meanConfidence();
		if (limit.minMeanConfidence() != null && confidence != null && confidence < limit.minMeanConfidence()) {
			alerts.add(alert(window, MEAN_CONFIDENCE, limit.minMeanConfidence(), confidence));
		}
		return alerts;
	}

	private KeyValue<String, Alert> alert(Windowed<MetricsKey> window, String metric, double threshold,
			double observed) {
		MetricsKey key = window.key();
		Instant start = window.window().startTime();
		Alert alert = new Alert(Alert.SCHEMA_VERSION, alertId(key.model(), key.modelVersion(), metric, start),
				key.model(), key.modelVersion(), metric, threshold, observed, start, window.window().endTime(),
				this.clock.instant());
		return KeyValue.pair(key.model(), alert);
	}

	public static String alertId(String model, String version, String metric, Instant windowStart) {
		String name = model + "|" + version + "|" + metric + "|" + windowStart.toEpochMilli();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
