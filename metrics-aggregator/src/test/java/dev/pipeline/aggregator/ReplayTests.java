package dev.pipeline.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays the PostgreSQL writers from the start of their topics (as after a lost offset
 * commit or a deliberate re-read) against the real Kafka and PostgreSQL: the tables must
 * come out exactly as they were, with nothing counted twice.
 */
class ReplayTests extends AggregatorIntegrationTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldLeaveTheTablesUnchangedWhenTheWritersReplayTheirTopics() throws Exception {
		String model = "replay-" + UUID.randomUUID();
		Instant submitted = Instant.now();
		JsonNode output = PipelineJson.mapper().createObjectNode().put("label", "positive").put("score", 0.8);
		try (KafkaProducer<String, InferenceResult> producer = resultProducer()) {
			for (int i = 0; i < 100; i++) {
				send(producer, result(model + "-" + i, model, "acct-replay", ResultStatus.SUCCEEDED, submitted, 1 + i,
						List.of(output)));
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> snapshot(model).values()
				.stream()
				.filter(row -> row.startsWith("MODEL"))
				.mapToLong(row -> Long.parseLong(row.split(",")[1]))
				.sum() == 100);
		Map<String, String> before = snapshot(model);
		double windowsWritten = written("aggregator.windows.written");
		double resultsStored = written("aggregator.results.stored");

		replayFromTheStart("window-writer", "metrics-aggregator-window-writer", "metrics.windows", 1);
		replayFromTheStart("result-sink", "metrics-aggregator-result-sink", "inference.results", 0);

		// The writers did write everything again...
		assertThat(written("aggregator.windows.written")).isGreaterThan(windowsWritten);
		assertThat(written("aggregator.results.stored")).isGreaterThanOrEqualTo(resultsStored + 100);
		// ...and the rows are exactly as before.
		assertThat(snapshot(model)).isEqualTo(before);
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE model = ?", Long.class, model))
			.isEqualTo(100);
	}

	private double written(String counter) {
		return this.meters.get(counter).counter().count();
	}

	/**
	 * Every window row of the model as text: scope, count, succeeded, p95, labels,
	 * histogram.
	 */
	private Map<String, String> snapshot(String model) {
		return this.jdbc.query("SELECT scope, account_id, model_version, window_start, result_count, succeeded,"
				+ " latency_p95_ms, label_counts::text, md5(latency_histogram) FROM metrics_windows WHERE model = ?",
				(rs, n) -> Map.entry(rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getTimestamp(4),
						rs.getString(1) + "," + rs.getLong(5) + "," + rs.getLong(6) + "," + rs.getDouble(7) + ","
								+ rs.getString(8) + "," + rs.getString(9)),
				model)
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	/**
	 * @param markers offsets at a partition's end that hold no record: a transactionally
	 * written topic ends with a commit marker, which a consumer never commits past
	 */
	private void replayFromTheStart(String listenerId, String group, String topic, int markers) throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer(listenerId);
		assertThat(container).isNotNull();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			container.stop();
			List<TopicPartition> partitions = new ArrayList<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach(partition -> partitions.add(new TopicPartition(topic, partition.partition())));
			Map<TopicPartition, Long> ends = admin
				.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
				.all()
				.get()
				.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
			// Rewind the group; the broker accepts it once the stopped container has left
			// the group.
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.untilAsserted(
						() -> admin
							.alterConsumerGroupOffsets(group,
									partitions.stream()
										.collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0))))
							.all()
							.get());
			container.start();
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get();
				return ends.entrySet()
					.stream()
					.allMatch(end -> committed.get(end.getKey()) != null
							&& committed.get(end.getKey()).offset() >= end.getValue() - markers);
			});
		}
	}

}
