package dev.pipeline.aggregator.window;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records on the window-update topic that the topology did not write (a worker told to
 * reply there, any producer with access): they go to its dead-letter topic with a reason,
 * and the updates behind them are still written.
 */
class WindowWriterTests extends AggregatorIntegrationTest {

	private static final String WINDOWS = "metrics.windows";

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldDeadLetterRecordsItCannotWriteAndWriteTheOthers() {
		String model = "forged-" + UUID.randomUUID();
		WindowUpdate good = update(new MetricsKey(MetricsKey.Scope.MODEL, MetricsKey.ALL, model, "1"));
		Map<String, byte[]> forged = new LinkedHashMap<>();
		for (int partition = 0; partition < 3; partition++) {
			String tag = model + "-p" + partition;
			forged.put(tag + "-a-result", json(result(tag, model)));
			forged.put(tag + "-not-json", utf8("{not json"));
			forged.put(tag + "-nul-model",
					json(update(new MetricsKey(MetricsKey.Scope.MODEL, MetricsKey.ALL, model + "\u0000", "1"))));
			forged.put(tag + "-long-account",
					json(update(new MetricsKey(MetricsKey.Scope.ACCOUNT, "a".repeat(65), model, MetricsKey.ALL))));
			forged.put(tag + "-bad-histogram", json(new WindowUpdate(good.key(), START, START.plusSeconds(60),
					new WindowAggregate(1, 1, 0, 0, new byte[] { 1, 2, 3 }, 0, 0, 0, 0, 0, Map.of()))));
			forged.put(tag + "-negative-label-count", withLabelCount(json(good), -5L));
			forged.put(tag + "-null-label-count", withLabelCount(json(good), null));
		}
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			forged.forEach((key, value) -> producer.send(new ProducerRecord<>(WINDOWS,
					Integer.parseInt(key.substring(model.length() + 2, model.length() + 3)), key, value)));
			producer.send(new ProducerRecord<>(WINDOWS, 0, model + "-good", json(good)));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(WINDOWS + ".dlq", forged.keySet());
		assertThat(deadLetters).allSatisfy((key, deadLetter) -> {
			assertThat(deadLetter.value()).isEqualTo(forged.get(key));
			assertThat(reasonOf(deadLetter)).isNotBlank();
		});
		assertThat(reasonOf(deadLetters.get(model + "-p0-nul-model"))).contains("model", "NUL");
		assertThat(reasonOf(deadLetters.get(model + "-p0-long-account"))).contains("accountId", "64");
		await().atMost(java.time.Duration.ofSeconds(30))
			.pollInterval(java.time.Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.jdbc
				.queryForObject("SELECT result_count FROM metrics_windows WHERE model = ?", Long.class, model))
				.isEqualTo(1));
	}

	/**
	 * The update with one label counted {@code count} times, as only a forged record can
	 * say.
	 */
	private static byte[] withLabelCount(byte[] update, @Nullable Long count) {
		ObjectNode tree = (ObjectNode) PipelineJson.mapper().readTree(update);
		ObjectNode labels = ((ObjectNode) tree.get("aggregate")).putObject("labelCounts");
		if (count == null) {
			labels.putNull("positive");
		}
		else {
			labels.put("positive", count);
		}
		return PipelineJson.mapper().writeValueAsBytes(tree);
	}

	private static WindowUpdate update(MetricsKey key) {
		WindowAggregate aggregate = WindowAggregate.empty().add(result(key.model(), key.model()), 0.6);
		return new WindowUpdate(key, START, START.plusSeconds(60), aggregate);
	}

	private static InferenceResult result(String id, String model) {
		return new InferenceResult(1, id, model, "1", null, ResultStatus.SUCCEEDED, List.of(), null,
				START.plusSeconds(1), START.plusSeconds(2), null);
	}

}
