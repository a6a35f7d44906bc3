package dev.pipeline.aggregator.result;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResultSinkTests extends AggregatorIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetentionPurge purge;

	@Test
	void shouldStoreEveryResultOnceAndSkipUnreadableRecords() {
		String model = "sink-" + UUID.randomUUID();
		Instant now = Instant.now();
		try (KafkaProducer<String, InferenceResult> producer = resultProducer();
				KafkaProducer<String, String> raw = new KafkaProducer<>(
						java.util.Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
						new StringSerializer(), new StringSerializer())) {
			raw.send(new ProducerRecord<>("inference.results", "garbage", "{not json"));
			for (int i = 0; i < 50; i++) {
				send(producer, result(model + "-" + i, model, "acct", ResultStatus.SUCCEEDED, now, 5, List.of()));
			}
			// A redelivered result (after a worker crash) must replace, not duplicate.
			send(producer, result(model + "-7", model, "acct", ResultStatus.FAILED, now, 5, List.of()));
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE model = ?", Long.class,
					model))
				.isEqualTo(50);
			assertThat(this.jdbc.queryForObject("SELECT status FROM inference_results WHERE id = ?", String.class,
					model + "-7"))
				.isEqualTo("FAILED");
		});
	}

	@Test
	void shouldPurgeResultsAndJobsPastRetention() {
		String old = "old-" + UUID.randomUUID();
		String fresh = "fresh-" + UUID.randomUUID();
		for (String id : List.of(old, fresh)) {
			String age = id.equals(old) ? "25 hours" : "0 hours";
			this.jdbc.update("INSERT INTO inference_results (id, model, status, completed_at)"
					+ " VALUES (?, 'm', 'SUCCEEDED', now() - ?::interval)", id, age);
			this.jdbc.update("INSERT INTO inference_jobs (id, model, submitted_at) VALUES (?, 'm', now() - ?::interval)",
					id, age);
		}

		this.purge.purge();

		assertThat(this.jdbc.queryForList("SELECT id FROM inference_results WHERE id IN (?, ?)", String.class, old,
				fresh))
			.containsExactly(fresh);
		assertThat(
				this.jdbc.queryForList("SELECT id FROM inference_jobs WHERE id IN (?, ?)", String.class, old, fresh))
			.containsExactly(fresh);
	}

}
