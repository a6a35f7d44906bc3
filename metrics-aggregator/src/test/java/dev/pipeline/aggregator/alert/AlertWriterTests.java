package dev.pipeline.aggregator.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.contracts.Alert;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records on {@code metrics.alerts} that no topology wrote: they go to its dead-letter
 * topic with a reason, and the alerts behind them are still recorded.
 */
class AlertWriterTests extends AggregatorIntegrationTest {

	private static final String ALERTS = Topics.METRICS_ALERTS.name();

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldDeadLetterAlertsItCannotRecordAndRecordTheOthers() {
		String model = "forged-alert-" + UUID.randomUUID();
		Map<String, byte[]> forged = new LinkedHashMap<>();
		for (int partition = 0; partition < 3; partition++) {
			String tag = model + "-p" + partition;
			forged.put(tag + "-no-window-end", utf8("{\"id\": \"" + tag + "\", \"model\": \"" + model
					+ "\", \"metric\": \"errorRate\", \"windowStart\": \"" + START + "\"}"));
			forged.put(tag + "-nul-model", json(alert(tag + "-nul", model + "\u0000", "errorRate")));
			forged.put(tag + "-long-metric", json(alert(tag + "-long", model, "m".repeat(33))));
			forged.put(tag + "-not-json", utf8("{not json"));
		}
		Alert good = alert(UUID.randomUUID().toString(), model, "errorRate");
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			forged.forEach((key, value) -> producer.send(new ProducerRecord<>(ALERTS,
					Integer.parseInt(key.substring(model.length() + 2, model.length() + 3)), key, value)));
			producer.send(new ProducerRecord<>(ALERTS, 0, model, json(good)));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(ALERTS + ".dlq", forged.keySet());
		assertThat(deadLetters).allSatisfy((key, deadLetter) -> assertThat(reasonOf(deadLetter)).isNotBlank());
		assertThat(reasonOf(deadLetters.get(model + "-p0-no-window-end"))).contains("windowEnd");
		assertThat(reasonOf(deadLetters.get(model + "-p0-long-metric"))).contains("metric", "32");
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForList("SELECT id FROM metrics_alerts WHERE model = ?", String.class, model))
				.containsExactly(good.id()));
	}

	private static Alert alert(String id, String model, String metric) {
		return new Alert(1, id, model, "1", metric, 0.1, 0.5, START, START.plusSeconds(60), START.plusSeconds(70));
	}

}
