package dev.pipeline.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prediction path end to end, through the real services: ingress, predictor worker
 * (the real sentiment transformer and Kalman filter) and the aggregator's job-result
 * sink, on real Kafka, PostgreSQL and Redis.
 */
class PredictionFlowIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RunningPipeline pipeline = RunningPipeline.get();

	private final PipelineClient client = PipelineClient.forNewAccount(this.pipeline);

	@Test
	void shouldLabelClearSentencesThroughTheSynchronousRoute() {
		String clientId = "sync-" + UUID.randomUUID();
		PipelineClient.Response response = this.client.post("/v1/models/sentiment/predict", """
				{"inputs": ["I love it, this is a wonderful and excellent product.",
				            "Terrible. It broke after a day and I hate it, awful waste of money."]}
				""", "X-Request-Id", clientId);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		JsonNode outputs = response.body().get("outputs");
		assertThat(outputs.get(0).get("label").asString()).isEqualTo("positive");
		assertThat(outputs.get(1).get("label").asString()).isEqualTo("negative");
		assertThat(outputs.get(0).get("score").asDouble()).isBetween(0.5, 1.0);
		// The client's id is echoed; the prediction's id is the server's own
		// (docs/api.md).
		assertThat(response.header("X-Request-Id")).isEqualTo(clientId);
		String id = response.body().get("id").asString();
		assertThat(UUID.fromString(id).toString()).isEqualTo(id);
		assertThat(response.body().get("timings").get("totalMs").asDouble()).isPositive();
	}

	@Test
	void shouldAnswerTheOpenInferenceProtocolWithTheRealModels() {
		// The protocol's own request example, in the shape of the sentiment model's
		// tensors.
		PipelineClient.Response response = this.client.post("/v2/models/sentiment/infer", """
				{"id": "42",
				 "inputs": [{"name": "text", "shape": [2], "datatype": "BYTES",
				             "data": ["I love it, this is a wonderful and excellent product.",
				                      "Terrible. It broke after a day and I hate it, awful waste of money."]}],
				 "outputs": [{"name": "label"}, {"name": "probabilities"}]}
				""");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("id").asString()).isEqualTo("42");
		assertThat(response.body().get("model_version").asString()).isEqualTo("1");
		JsonNode outputs = response.body().get("outputs");
		assertThat(outputs.get(0).get("data").toString()).isEqualTo("[\"positive\",\"negative\"]");
		assertThat(outputs.get(1).get("shape").toString()).isEqualTo("[2,2]");
		assertThat(outputs.get(1).get("data").get(1).asDouble()).isGreaterThan(0.5);

		// Metadata from the model repository's config.json, through the worker's
		// announcement.
		JsonNode kalman = this.client.get("/v2/models/kalman").body();
		assertThat(kalman.get("inputs").get(0).get("name").asString()).isEqualTo("series");
		PipelineClient.Response filtered = this.client.post("/v2/models/kalman/versions/1/infer", """
				{"inputs": [{"name": "series", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}
				""");
		assertThat(filtered.status()).as(filtered.toString()).isEqualTo(200);
		assertThat(filtered.body().get("outputs").get(0).get("shape").toString()).isEqualTo("[1,3]");
	}

	@Test
	void shouldCompleteAnAsynchronousJob() {
		PipelineClient.Response accepted = this.client.post("/v1/models/kalman/jobs", """
				{"inputs": [[1.0, 2.0, 3.0, 2.0, 1.0]]}
				""");
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		assertThat(accepted.body().get("status").asString()).isEqualTo("QUEUED");
		String location = accepted.header("Location");
		assertThat(location).isEqualTo("/v1/jobs/" + accepted.body().get("id").asString());

		JsonNode job = awaitJob(location, status -> !status.equals("QUEUED"));

		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("result").get("outputs").get(0)).hasSize(5);
		assertThat(job.get("completedAt").isNull()).isFalse();
	}

	@Test
	void shouldTurnIntoAJobWhenTheWaitBudgetRunsOutAndStillComplete() {
		PipelineClient.Response response = this.client.post("/v1/models/sentiment/predict", """
				{"inputs": ["A slow afternoon, but the ending was worth the wait."]}
				""", "Prefer", "wait=0");

		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		String location = response.header("Location");
		assertThat(location).startsWith("/v1/jobs/");

		JsonNode job = awaitJob(location, status -> status.equals("SUCCEEDED"));
		assertThat(job.get("result").get("outputs").get(0).get("label").asString()).isIn("positive", "negative");
	}

	@Test
	void shouldKeepTheSynchronousResultReadableAsAJob() {
		PipelineClient.Response response = this.client.post("/v1/models/kalman/predict", """
				{"inputs": [[10, 10, 10]]}
				""");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);

		JsonNode job = awaitJob("/v1/jobs/" + response.body().get("id").asString(),
				status -> status.equals("SUCCEEDED"));
		assertThat(job.get("model").asString()).isEqualTo("kalman");
	}

	@Test
	void shouldAnswerTheCompatibilityRoute() {
		PipelineClient.Response response = this.client.post("/predict", """
				{"text": "Absolutely fantastic, I recommend it to everyone."}
				""");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("label").asString()).isEqualTo("positive");
		assertThat(response.body().get("confidence").asDouble()).isBetween(0.5, 1.0);
		assertThat(response.body().get("id").asString()).isNotBlank();
	}

	@Test
	void shouldDeadLetterUnparsableRecordsAndAnswerTheNextOne() {
		String bootstrap = this.pipeline.servers().kafkaBootstrapServers();
		String badKey = "bad-" + UUID.randomUUID();
		String goodId = "good-" + UUID.randomUUID();
		try (KafkaConsumer<String, byte[]> dlq = consumer(bootstrap, "inference.requests.dlq");
				KafkaConsumer<String, byte[]> results = consumer(bootstrap, "inference.results")) {
			send(bootstrap, badKey, "{this is not json");
			send(bootstrap, goodId, """
					{"id": "%s", "model": "kalman", "inputs": [[1, 2, 3]]}""".formatted(goodId));

			ConsumerRecord<String, byte[]> dead = awaitRecord(dlq, badKey);
			assertThat(new String(dead.value())).isEqualTo("{this is not json");
			assertThat(dead.headers().toArray()).isNotEmpty();
			JsonNode result = json.readTree(awaitRecord(results, goodId).value());
			assertThat(result.get("status").asString()).isEqualTo("SUCCEEDED");
		}
	}

	@Test
	void shouldExpireARequestPastItsDeadlineWithoutComputingIt() {
		String bootstrap = this.pipeline.servers().kafkaBootstrapServers();
		String id = "late-" + UUID.randomUUID();
		try (KafkaConsumer<String, byte[]> results = consumer(bootstrap, "inference.results")) {
			send(bootstrap, id, """
					{"id": "%s", "model": "sentiment", "inputs": ["too late"], "deadline": "%s"}""".formatted(id,
					Instant.now().minusSeconds(5)));

			JsonNode result = json.readTree(awaitRecord(results, id).value());
			assertThat(result.get("status").asString()).isEqualTo("EXPIRED");
			assertThat(result.get("outputs").isNull()).isTrue();
		}
	}

	private JsonNode awaitJob(String location, Predicate<String> done) {
		JsonNode[] job = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			PipelineClient.Response response = this.client.get(location);
			job[0] = response.body();
			return response.status() == 200 && done.test(response.body().get("status").asString());
		});
		return job[0];
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
				new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer());
		TopicFromNow.subscribe(consumer, topic);
		return consumer;
	}

	private static void send(String bootstrap, String key, String value) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("inference.requests", key, value)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer, String key) {
		long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < until) {
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
				if (key.equals(record.key())) {
					return record;
				}
			}
		}
		throw new AssertionError("No record with key " + key + " on " + consumer.subscription());
	}

}
