package dev.pipeline.aggregator.result;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.aggregator.system.PollWriter;
import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class ResultSinkTests extends AggregatorIntegrationTest {

	private static final String DEAD_LETTERS = Topics.INFERENCE_RESULTS.name() + ".dlq";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RetentionPurge purge;

	@Autowired
	MeterRegistry registry;

	@Test
	void shouldExportTheSinkConsumersClientMetricsForConsumerLag() {
		// Prometheus takes the group from the client id "consumer-<group>-<n>"
		// (docs/observability.md, consumer lag per group).
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.registry.find("kafka.consumer.fetch.manager.records.lag.max")
				.meters()
				.stream()
				.map((meter) -> meter.getId().getTag("client.id")))
				.anyMatch((clientId) -> clientId != null
						&& clientId.startsWith("consumer-metrics-aggregator-result-sink-")));
	}

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
			// A redelivered result (after a worker crash) is stored once, as first
			// received.
			send(producer, result(model + "-7", model, "acct", ResultStatus.FAILED, now, 5, List.of()));
		}
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE model = ?", Long.class,
					model))
				.isEqualTo(50);
			assertThat(this.jdbc.queryForObject("SELECT status FROM inference_results WHERE id = ?", String.class,
					model + "-7"))
				.isEqualTo("SUCCEEDED");
		});
	}

	@Test
	void shouldDeadLetterResultsThatCannotBeStoredAndStoreTheirNeighbours() {
		String model = "poison-" + UUID.randomUUID();
		Instant now = Instant.now();
		Map<String, byte[]> poison = new LinkedHashMap<>();
		poison.put(model + "-long-id", json(withId(good(model, "x", now), "x".repeat(200))));
		poison.put(model + "-nul-model", json(
				result(model + "-nul-model", model + "\u0000", "acct", ResultStatus.SUCCEEDED, now, 5, List.of())));
		poison.put(model + "-nul-error",
				json(new InferenceResult(1, model + "-nul-error", model, "1", "acct", ResultStatus.FAILED, null,
						new ErrorInfo("INFERENCE_ERROR", "bad\u0000input"), now, now, Timings.none())));
		poison.put(model + "-nul-label", json(result(model + "-nul-label", model, "acct", ResultStatus.SUCCEEDED, now,
				5, List.of(label("posi\u0000tive")))));
		poison.put(model + "-nul-field-name",
				json(result(model + "-nul-field-name", model, "acct", ResultStatus.SUCCEEDED, now, 5,
						List.of(PipelineJson.mapper().createObjectNode().put("la\u0000bel", "positive")))));
		poison.put(model + "-huge-label", json(result(model + "-huge-label", model, "acct", ResultStatus.SUCCEEDED, now,
				5, List.of(label("y".repeat(300_000))))));
		poison.put(model + "-unparseable", utf8("{not json"));
		poison.put(model + "-bad-timestamp", utf8("{\"id\": \"" + model + "-bad-timestamp\", \"model\": \"" + model
				+ "\", \"status\": \"SUCCEEDED\", \"completedAt\": \"yesterday\"}"));
		poison.put(model + "-far-timestamp", utf8("{\"id\": \"" + model + "-far-timestamp\", \"model\": \"" + model
				+ "\", \"status\": \"SUCCEEDED\", \"completedAt\": \"+300000-01-01T00:00:00Z\"}"));
		poison.put(model + "-no-status", utf8("{\"id\": \"" + model + "-no-status\", \"model\": \"" + model
				+ "\", \"completedAt\": \"" + now + "\"}"));
		List<String> good = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			// One partition, so every poison record sits between good ones in the same
			// polls.
			for (Map.Entry<String, byte[]> bad : poison.entrySet()) {
				String id = model + "-good-" + good.size();
				good.add(id);
				producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id, json(good(model, id, now))));
				producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, bad.getKey(), bad.getValue()));
			}
			String last = model + "-good-" + good.size();
			good.add(last);
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, last, json(good(model, last, now))));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(DEAD_LETTERS, poison.keySet());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForList("SELECT id FROM inference_results WHERE model = ?", String.class, model))
				.containsExactlyInAnyOrderElementsOf(good));
		assertThat(deadLetters).allSatisfy((key, deadLetter) -> {
			assertThat(deadLetter.value()).as("the bytes as received").isEqualTo(poison.get(key));
			assertThat(reasonOf(deadLetter)).isNotBlank();
		});
		assertThat(reasonOf(deadLetters.get(model + "-long-id"))).contains("id", "128");
		assertThat(reasonOf(deadLetters.get(model + "-nul-model"))).contains("model", "NUL");
		assertThat(reasonOf(deadLetters.get(model + "-nul-error"))).contains("error", "NUL");
		assertThat(reasonOf(deadLetters.get(model + "-nul-label"))).contains("outputs", "NUL");
		assertThat(reasonOf(deadLetters.get(model + "-huge-label"))).contains("label");
		assertThat(reasonOf(deadLetters.get(model + "-bad-timestamp"))).contains("completedAt");
		assertThat(reasonOf(deadLetters.get(model + "-far-timestamp"))).contains("completedAt");
		assertThat(reasonOf(deadLetters.get(model + "-no-status"))).contains("status");
	}

	@Test
	void shouldNeverHandAResultRowToAnotherOwner() {
		String id = "shared-" + UUID.randomUUID();
		Instant now = Instant.now();
		InferenceResult owners = result(id, "owned", "acct-a", ResultStatus.SUCCEEDED, now, 5, List.of(label("a")));
		InferenceResult intruders = result(id, "owned", "acct-b", ResultStatus.FAILED, now, 5, List.of());
		InferenceResult anonymous = result(id, "owned", null, ResultStatus.FAILED, now, 5, List.of());
		InferenceResult redelivered = result(id, "owned", "acct-a", ResultStatus.EXPIRED, now, 5, List.of());
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, "owner", json(owners)));
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE id = ?", Long.class,
					id) == 1);
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			// The owner's own redelivery in the same poll as the same id from two other
			// owners.
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-a", json(redelivered)));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-b", json(intruders)));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-anonymous", json(anonymous)));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(DEAD_LETTERS,
				List.of(id + "-b", id + "-anonymous"));
		assertThat(deadLetters.values()).allSatisfy(deadLetter -> assertThat(reasonOf(deadLetter)).contains("owner"));
		// The poll with the redelivery was stored before the intruders were
		// dead-lettered.
		assertThat(this.jdbc.queryForMap("SELECT account_id, status FROM inference_results WHERE id = ?", id))
			.containsEntry("account_id", "acct-a")
			.containsEntry("status", "SUCCEEDED");
	}

	@Test
	void shouldRefuseAnotherOwnerOfAnIdArrivingAlone() {
		String id = "alone-" + UUID.randomUUID();
		Instant now = Instant.now();
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-a",
					json(result(id, "owned", "acct-a", ResultStatus.SUCCEEDED, now, 5, List.of(label("a"))))));
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE id = ?", Long.class,
					id) == 1);
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			// One result in its poll: the insert counts no row, so the owner is checked.
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-b",
					json(result(id, "owned", "acct-b", ResultStatus.FAILED, now, 5, List.of()))));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(DEAD_LETTERS, List.of(id + "-b"));
		assertThat(reasonOf(deadLetters.get(id + "-b"))).contains("owner");
		assertThat(this.jdbc.queryForObject("SELECT account_id FROM inference_results WHERE id = ?", String.class, id))
			.isEqualTo("acct-a");
	}

	@Test
	void shouldGiveANewRowToTheFirstOwnerOfAnIdInOnePoll() {
		String id = "contested-" + UUID.randomUUID();
		Instant now = Instant.now();
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			// Two owners claim an id nobody holds yet, in one poll: one statement inserts
			// both, and the first one received must own the row.
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-a",
					json(result(id, "owned", "acct-a", ResultStatus.SUCCEEDED, now, 5, List.of(label("a"))))));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id + "-b",
					json(result(id, "owned", "acct-b", ResultStatus.FAILED, now, 5, List.of()))));
		}

		Map<String, ConsumerRecord<String, byte[]>> deadLetters = awaitRecords(DEAD_LETTERS, List.of(id + "-b"));
		assertThat(reasonOf(deadLetters.get(id + "-b"))).contains("owner");
		assertThat(this.jdbc.queryForMap("SELECT account_id, status FROM inference_results WHERE id = ?", id))
			.containsEntry("account_id", "acct-a")
			.containsEntry("status", "SUCCEEDED");
	}

	@Test
	void shouldKeepTheFirstFinalResultOfAnId() {
		String model = "first-wins-" + UUID.randomUUID();
		String apart = model + "-apart";
		String together = model + "-together";
		Instant now = Instant.now();
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, apart,
					json(result(apart, model, "acct", ResultStatus.SUCCEEDED, now, 5, List.of(label("a"))))));
		}
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE id = ?", Long.class,
					apart) == 1);
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			// A poll re-delivered after the deadline is answered EXPIRED, in a later poll
			// than the success; and a success followed by a failure inside one poll.
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, apart,
					json(result(apart, model, "acct", ResultStatus.EXPIRED, now.plusSeconds(30), 5, List.of()))));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, together,
					json(result(together, model, "acct", ResultStatus.SUCCEEDED, now, 5, List.of(label("b"))))));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, together,
					json(result(together, model, "acct", ResultStatus.FAILED, now.plusSeconds(1), 5, List.of()))));
			producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, model + "-marker",
					json(result(model + "-marker", model, "acct", ResultStatus.SUCCEEDED, now, 5, List.of()))));
		}
		// One partition: once the marker is stored, the records before it were handled.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.queryForObject("SELECT count(*) FROM inference_results WHERE model = ?", Long.class,
					model) == 3);
		assertThat(this.jdbc
			.queryForMap("SELECT status, outputs::text AS outputs" + " FROM inference_results WHERE id = ?", apart))
			.containsEntry("status", "SUCCEEDED")
			.hasEntrySatisfying("outputs", outputs -> assertThat((String) outputs).contains("\"a\""));
		assertThat(
				this.jdbc.queryForObject("SELECT status FROM inference_results WHERE id = ?", String.class, together))
			.isEqualTo("SUCCEEDED");
	}

	@Test
	void shouldPurgeResultsAndJobsPastRetention() {
		String old = "old-" + UUID.randomUUID();
		String fresh = "fresh-" + UUID.randomUUID();
		for (String id : List.of(old, fresh)) {
			String age = id.equals(old) ? "25 hours" : "0 hours";
			this.jdbc.update("INSERT INTO inference_results (id, model, status, completed_at)"
					+ " VALUES (?, 'm', 'SUCCEEDED', now() - ?::interval)", id, age);
			this.jdbc.update(
					"INSERT INTO inference_jobs (id, model, submitted_at) VALUES (?, 'm', now() - ?::interval)", id,
					age);
		}

		this.purge.purge();

		assertThat(
				this.jdbc.queryForList("SELECT id FROM inference_results WHERE id IN (?, ?)", String.class, old, fresh))
			.containsExactly(fresh);
		assertThat(this.jdbc.queryForList("SELECT id FROM inference_jobs WHERE id IN (?, ?)", String.class, old, fresh))
			.containsExactly(fresh);
	}

	@Test
	void shouldReadEachResultOfAPollInItsOwnTrace(CapturedOutput output) throws Exception {
		Logger writerLog = (Logger) LoggerFactory.getLogger(PollWriter.class);
		Level before = writerLog.getLevel();
		writerLog.setLevel(Level.DEBUG);
		try (KafkaProducer<String, byte[]> producer = rawProducer()) {
			String model = "traced-" + UUID.randomUUID();
			Map<String, String> traces = new LinkedHashMap<>();
			for (int i = 0; i < 3; i++) {
				String id = model + "-" + i;
				String traceId = UUID.randomUUID().toString().replace("-", "");
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), 0, id,
						json(good(model, id, Instant.now())));
				record.headers().add(PipelineHeaders.TRACEPARENT, utf8("00-" + traceId + "-00f067aa0ba902b7-01"));
				producer.send(record);
				traces.put(id, traceId);
			}
			producer.flush();

			traces.forEach((id, traceId) -> await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(output.getOut())
					.containsPattern("\\[" + traceId + "-[0-9a-f]{16}-" + id + " *\\].*Storing inference.results")));
		}
		finally {
			writerLog.setLevel(before);
		}
	}

	private static InferenceResult good(String model, String id, Instant now) {
		return result(id, model, "acct", ResultStatus.SUCCEEDED, now, 5, List.of(label("positive")));
	}

	private static InferenceResult withId(InferenceResult result, String id) {
		return new InferenceResult(result.schemaVersion(), id, result.model(), result.modelVersion(),
				result.accountId(), result.status(), result.outputs(), result.error(), result.submittedAt(),
				result.completedAt(), result.timings());
	}

	private static JsonNode label(String label) {
		return PipelineJson.mapper().createObjectNode().put("label", label).put("score", 0.9);
	}

}
