package dev.pipeline.aggregator;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Results a direct producer can write to {@code inference.results} that the topology and
 * the window writer cannot count, between good ones on the same partition: the good ones
 * are counted, the bad ones leave no trace in the windows, and nothing stops.
 */
class HostileResultsTests extends AggregatorIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldCountGoodResultsAroundResultsThatCannotBeCounted() {
		String model = "hostile-" + UUID.randomUUID();
		Instant windowStart = currentWindowStart();
		Instant completedAt = windowStart.plusMillis(500);
		List<byte[]> poison = new ArrayList<>();
		poison.add(json(result(model + "-nul-label", model, "acct-h", completedAt, label("posi\u0000tive"))));
		poison.add(json(result(model + "-nul-model", model + "\u0000", "acct-h", completedAt, label("positive"))));
		poison.add(json(result(model + "-long-account", model, "a".repeat(65), completedAt, label("positive"))));
		for (int i = 0; i < 4; i++) {
			// Together bigger than a Kafka record: the window could no longer be written
			// anywhere.
			poison.add(json(
					result(model + "-huge-label-" + i, model, "acct-h", completedAt, label(i + "y".repeat(300_000)))));
		}
		// Completed at an unknown time, but submitted at a known one.
		poison.add(json(new InferenceResult(1, model + "-no-completion", model, "1", "acct-h", ResultStatus.SUCCEEDED,
				List.of(label("positive")), null, completedAt, null, new Timings(1, 1, 1))));
		poison.add(utf8("{not json"));
		int good = 0;
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			for (byte[] bad : poison) {
				producer.send(goodRecord(model, good++, completedAt));
				producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, model + "-bad", bad));
			}
			producer.send(goodRecord(model, good++, completedAt));
		}

		long expected = good;
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.untilAsserted(() -> {
				Map<String, Object> row = this.jdbc.queryForMap(
						"SELECT result_count, label_counts::text AS labels"
								+ " FROM metrics_windows WHERE scope = 'MODEL' AND model = ? AND window_start = ?",
						model, Timestamp.from(windowStart));
				assertThat(row.get("result_count")).isEqualTo(expected);
				assertThat((String) row.get("labels")).isEqualTo("{\"positive\": " + expected + "}");
				assertThat(this.jdbc.queryForObject("SELECT result_count FROM metrics_windows WHERE scope = 'ACCOUNT'"
						+ " AND account_id = 'acct-h' AND model = ?", Long.class, model))
					.isEqualTo(expected);
			});
	}

	@Test
	void shouldCountTheResultsOfTwoAccountsThatShareAnId() {
		String model = "shared-id-" + UUID.randomUUID();
		String id = "job-" + UUID.randomUUID();
		Instant windowStart = currentWindowStart();
		Instant completedAt = windowStart.plusMillis(500);
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			for (String account : List.of("acct-a", "acct-b", "acct-a")) {
				// The last one is acct-a's own redelivery: still counted once.
				producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id,
						json(result(id, model, account, completedAt, label("positive")))));
			}
		}

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.untilAsserted(() -> {
				assertThat(this.jdbc.queryForObject(
						"SELECT result_count FROM metrics_windows WHERE scope = 'MODEL'"
								+ " AND model = ? AND window_start = ?",
						Long.class, model, Timestamp.from(windowStart)))
					.isEqualTo(2);
				assertThat(this.jdbc.queryForList("SELECT account_id || '=' || result_count FROM metrics_windows"
						+ " WHERE scope = 'ACCOUNT' AND model = ?", String.class, model))
					.containsExactlyInAnyOrder("acct-a=1", "acct-b=1");
			});
	}

	private static Instant currentWindowStart() {
		return Instant.ofEpochMilli((Instant.now().toEpochMilli() / 2000) * 2000);
	}

	private static ProducerRecord<String, byte[]> goodRecord(String model, int n, Instant completedAt) {
		String id = model + "-good-" + n;
		return new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id,
				json(result(id, model, "acct-h", completedAt, label("positive"))));
	}

	private static InferenceResult result(String id, String model, String account, Instant completedAt,
			JsonNode output) {
		return new InferenceResult(1, id, model, "1", account, ResultStatus.SUCCEEDED, List.of(output), null,
				completedAt.minusMillis(5), completedAt, new Timings(1, 4, 1));
	}

	private static JsonNode label(String label) {
		return PipelineJson.mapper().createObjectNode().put("label", label).put("score", 0.9);
	}

}
