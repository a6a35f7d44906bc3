package dev.pipeline.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.aggregator.alert.AlertRule;
import dev.pipeline.contracts.Alert;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Topics;
import dev.pipeline.metrics.LatencyHistogram;
import io.micrometer.core.instrument.MeterRegistry;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The aggregator application against the shared Kafka and PostgreSQL: results in,
 * windows, percentiles and exactly one alert out, with every result delivered twice on
 * the way.
 */
class MetricsAggregatorEndToEndTests extends AggregatorIntegrationTest {

	private static final int N = 200;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldPublishLateAndRetimedResultsAsMeters() {
		// Registered with the topology, so a dashboard sees them at zero before the first
		// late result.
		assertThat(this.meters.find("aggregator.results.late").counters()).extracting(c -> c.getId().getTag("scope"))
			.containsExactlyInAnyOrder("model", "account");
		assertThat(this.meters.find("aggregator.results.retimed").counters())
			.extracting(c -> c.getId().getTag("reason"))
			.containsExactlyInAnyOrder("completed-in-future", "delivered-late");
	}

	@Test
	void shouldAggregateEveryResultOnceWithSanePercentilesAndRaiseOneAlert() {
		String model = "e2e-" + UUID.randomUUID();
		this.jdbc.update("INSERT INTO metrics_thresholds (model, p95_latency_ms, min_window_count) VALUES (?, 50, 1)",
				model);
		// All N results in one 2 s window: latencies 1..N ms, p50 ~ N/2, p95 ~ 0.95 N.
		Instant windowStart = Instant.ofEpochMilli((Instant.now().toEpochMilli() / 2000) * 2000);
		Instant completedAt = windowStart.plusMillis(500);
		List<InferenceResult> results = new ArrayList<>();
		for (int i = 1; i <= N; i++) {
			JsonNode output = PipelineJson.mapper()
				.createObjectNode()
				.put("label", (i % 4 == 0) ? "negative" : "positive")
				.put("score", 0.9);
			results.add(result(model + "-" + i, model, "acct-e2e", ResultStatus.SUCCEEDED, completedAt.minusMillis(i),
					i, List.of(output)));
		}
		try (KafkaProducer<String, InferenceResult> producer = resultProducer()) {
			results.forEach(result -> send(producer, result));
			// Every result again, as a worker that crashed before committing would
			// publish it.
			results.forEach(result -> send(producer, result));
			producer.flush();
		}

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.untilAsserted(() -> {
				Map<String, Object> row = this.jdbc.queryForMap(
						"SELECT result_count, succeeded, latency_histogram,"
								+ " latency_p50_ms, label_counts::text AS labels FROM metrics_windows"
								+ " WHERE scope = 'MODEL' AND model = ? AND window_start = ?",
						model, java.sql.Timestamp.from(windowStart));
				assertThat(row.get("result_count")).isEqualTo((long) N);
				Histogram latency = LatencyHistogram.decompress((byte[]) row.get("latency_histogram"));
				assertThat(latency.getTotalCount()).isEqualTo(N);
				assertThat(LatencyHistogram.percentileMs(latency, 50)).isCloseTo(N / 2.0, within(N * 0.02));
				assertThat(LatencyHistogram.percentileMs(latency, 95)).isCloseTo(N * 0.95, within(N * 0.02));
				assertThat((String) row.get("labels")).contains("\"negative\": 50", "\"positive\": 150");
				assertThat(this.jdbc.queryForObject("SELECT result_count FROM metrics_windows WHERE scope = 'ACCOUNT'"
						+ " AND account_id = 'acct-e2e' AND model = ?", Long.class, model))
					.isEqualTo(N);
				assertThat(this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE model = ?",
						Long.class, model))
					.isEqualTo(N);
			});

		// A result past the window's end plus grace moves stream time on: the window
		// closes and is checked.
		try (KafkaProducer<String, InferenceResult> producer = resultProducer()) {
			send(producer, result(model + "-tick", model, "acct-e2e", ResultStatus.SUCCEEDED,
					windowStart.plusMillis(5100), 1, List.of()));
		}
		String alertId = AlertRule.alertId(model, "1", AlertRule.P95_LATENCY, windowStart);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForList("SELECT id FROM metrics_alerts WHERE model = ?", String.class, model))
				.containsExactly(alertId));
		assertThat(alertsOnTopicFor(model)).extracting(Alert::id).containsExactly(alertId);
	}

	/**
	 * Reads values as text and parses only this test's records: other tests of the JVM
	 * put forged records on the shared alerts topic on purpose.
	 */
	private static List<Alert> alertsOnTopicFor(String model) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						"read_committed"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(Topics.METRICS_ALERTS.name()));
			List<Alert> alerts = new ArrayList<>();
			// Read to the end of the topic as it is now.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (model.equals(record.key())) {
						alerts.add(PipelineJson.mapper().readValue(record.value(), Alert.class));
					}
				}
				return !consumer.assignment().isEmpty() && consumer.endOffsets(consumer.assignment())
					.entrySet()
					.stream()
					.allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
			});
			return alerts;
		}
	}

}
