package dev.pipeline.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import dev.pipeline.contracts.ModelTraffic;
import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several versions of one model, end to end (issue 18): the real predictor worker serves
 * both sentiment versions of the real model repository at once ({@code models/sentiment/
 * model.json}: every version, version 1 the default), and a request reaches the version
 * it should through the real ingress and Kafka: the one it pins (REST field, OIP path,
 * Kafka field), else the one the admin's traffic split picks for its id, else the
 * default; an unknown version is refused, never answered by another one.
 *
 * <p>
 * A split lives on the compacted {@code inference.model-traffic} that the worker keeps
 * reading, so it reaches the worker a moment after the admin's answer: the tests await
 * its effect, never a time. The other end-to-end tests share this stack and expect the
 * default version, so every test here starts and ends with no split in force
 * ({@link #noSplitInForce}).
 */
class ModelVersionsIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String TRAFFIC = "/v1/admin/models/sentiment/traffic";

	private static final String POSITIVE = "I love it, this is a wonderful and excellent product.";

	private static final Duration PROPAGATION = Duration.ofSeconds(60);

	private final RunningPipeline pipeline = RunningPipeline.get();

	private final PipelineClient client = PipelineClient.forNewAccount(this.pipeline);

	private final PipelineClient admin = PipelineClient.admin(this.pipeline);

	/**
	 * Removes any split and waits until the worker has read the removal: a split that
	 * sends everything to version 2 first, then its tombstone. The worker applies the
	 * topic in order, so once a request naming no version is answered by the default
	 * again, every split written before is gone, whatever the test before left.
	 */
	@BeforeEach
	@AfterEach
	void noSplitInForce() {
		setSplit("""
				{"weights": {"2": 100}}""");
		awaitUnpinnedAnswer("all requests to version 2", answer -> answer.version().equals("2"));
		assertThat(this.admin.delete(TRAFFIC).status()).isEqualTo(204);
		awaitUnpinnedAnswer("the default version again", answer -> answer.version().equals("1"));
	}

	@Test
	void shouldListBothSentimentVersionsWithVersionOneTheDefault() {
		PipelineClient.Response models = this.client.get("/v1/models");

		assertThat(models.status()).as(models.toString()).isEqualTo(200);
		JsonNode sentiment = model(models.body(), "sentiment");
		assertThat(sentiment.get("defaultVersion").asString()).isEqualTo("1");
		assertThat(sentiment.get("version").asString()).as("the top level is the default's").isEqualTo("1");
		List<String> versions = new ArrayList<>();
		for (JsonNode version : sentiment.get("versions")) {
			versions.add(version.get("version").asString());
			assertThat(version.get("ready").asBoolean()).as("version %s ready", version).isTrue();
		}
		assertThat(versions).containsExactly("1", "2");
		assertThat(sentiment.get("traffic").isNull()).as("no split").isTrue();
	}

	@Test
	void shouldAnswerARestRequestFromTheVersionItPinsAndRefuseAnUnknownOne() {
		Answer pinned = predict("2");
		Answer unpinned = predict(null);

		assertThat(pinned.version()).isEqualTo("2");
		assertThat(pinned.body().get("outputs").get(0).get("label").asString()).isEqualTo("positive");
		assertThat(unpinned.version()).isEqualTo("1");
		// Two models computed them, not one model under two names.
		assertThat(pinned.body().get("outputs").get(0).get("score").asDouble())
			.isNotEqualTo(unpinned.body().get("outputs").get(0).get("score").asDouble());

		PipelineClient.Response unknown = this.client.post("/v1/models/sentiment/predict", """
				{"modelVersion": "9", "inputs": ["%s"]}""".formatted(POSITIVE));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
		assertThat(unknown.body().get("type").asString()).endsWith("unknown-model-version");
		assertThat(unknown.body().get("version").asString()).isEqualTo("9");
		assertThat(unknown.body().get("servedVersions").toString()).isEqualTo("[\"1\",\"2\"]");
	}

	@Test
	void shouldAnswerTheOpenInferenceProtocolFromTheVersionInItsPath() {
		PipelineClient.Response response = this.client.post("/v2/models/sentiment/versions/2/infer", """
				{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}
				""".formatted(POSITIVE));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body().get("model_version").asString()).isEqualTo("2");
		assertThat(response.body().get("outputs").get(0).get("data").toString()).isEqualTo("[\"positive\"]");

		PipelineClient.Response unknown = this.client.post("/v2/models/sentiment/versions/9/infer", """
				{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["%s"]}]}
				""".formatted(POSITIVE));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
		assertThat(unknown.body().get("error").asString()).isNotBlank();
	}

	@Test
	void shouldAnswerADirectKafkaRecordFromTheVersionItPinsAndFailAnUnknownOne() {
		String toTwo = "pinned-2-" + UUID.randomUUID();
		String toNine = "pinned-9-" + UUID.randomUUID();
		try (Results results = new Results(bootstrap())) {
			send(toTwo, "2");
			send(toNine, "9");

			JsonNode answered = results.await(toTwo, 1).get(0).body();
			assertThat(answered.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(answered.get("modelVersion").asString()).isEqualTo("2");
			assertThat(answered.get("outputs").get(0).get("label").asString()).isEqualTo("positive");
			JsonNode refused = results.await(toNine, 1).get(0).body();
			assertThat(refused.get("status").asString()).isEqualTo("FAILED");
			assertThat(refused.get("error").get("code").asString()).isEqualTo("UNKNOWN_MODEL_VERSION");
			assertThat(refused.get("outputs").isNull()).isTrue();
		}
	}

	@Test
	void shouldSendTheRequestsThatNameNoVersionWhereTheAdminsSplitSays() {
		// Everything to version 2: the default no longer answers.
		setSplit("""
				{"weights": {"1": 0, "2": 100}}""");
		awaitUnpinnedAnswer("the split's version 2", answer -> answer.version().equals("2"));
		assertThat(predict("1").version()).as("a pinned request ignores the split").isEqualTo("1");

		// Half and half: each id to the version of its bucket, the contract's own
		// function.
		ModelTraffic half = new ModelTraffic(0, "sentiment", Map.of("1", 50, "2", 50), null, Instant.now());
		PipelineClient.Response set = setSplit("""
				{"weights": {"1": 50, "2": 50}}""");
		assertThat(set.body().get("weights").toString()).isEqualTo("{\"1\":50,\"2\":50}");
		assertThat(model(this.client.get("/v1/models").body(), "sentiment").get("traffic").get("weights").toString())
			.isEqualTo("{\"1\":50,\"2\":50}");
		// Version 1 answering an id of its half: the half-and-half split is in force.
		awaitUnpinnedAnswer("the half-and-half split",
				answer -> half.versionFor(answer.id()).equals("1") && answer.version().equals("1"));
		for (int i = 0; i < 10; i++) {
			Answer answer = predict(null);
			assertThat(answer.version()).as("the version of id %s", answer.id())
				.isEqualTo(half.versionFor(answer.id()));
		}

		// The same id twice reaches the same version: records with ids of our choosing.
		String toOne = idSentTo(half, "1");
		String toTwo = idSentTo(half, "2");
		try (Results results = new Results(bootstrap())) {
			for (int attempt = 1; attempt <= 2; attempt++) {
				send(toOne, null);
				send(toTwo, null);
				assertThat(results.await(toOne, attempt)).extracting(Result::version).containsOnly("1");
				assertThat(results.await(toTwo, attempt)).extracting(Result::version).containsOnly("2");
			}
		}

		// Removed: the default answers again, also the ids the split sent to version 2.
		assertThat(this.admin.delete(TRAFFIC).status()).isEqualTo(204);
		assertThat(this.admin.get(TRAFFIC).status()).isEqualTo(404);
		awaitUnpinnedAnswer("the default version for an id of version 2's half",
				answer -> half.versionFor(answer.id()).equals("2") && answer.version().equals("1"));
		for (int i = 0; i < 5; i++) {
			assertThat(predict(null).version()).isEqualTo("1");
		}
	}

	@Test
	void shouldAnswerFromThePrimaryAndRecordTheShadowsResult() {
		// First a split the shadow's can be told from: everything to version 2.
		setSplit("""
				{"weights": {"2": 100}}""");
		awaitUnpinnedAnswer("all requests to version 2", answer -> answer.version().equals("2"));
		setSplit("""
				{"weights": {"1": 100}, "shadow": "2"}""");
		awaitUnpinnedAnswer("the split with a shadow", answer -> answer.version().equals("1"));

		try (Results results = new Results(bootstrap())) {
			Answer answer = predict(null);

			assertThat(answer.version()).as("the caller's answer is the primary's").isEqualTo("1");
			Result primary = results.await(answer.id(), 1).get(0);
			assertThat(primary.version()).isEqualTo("1");
			Result shadow = results.await("shadow-2:" + answer.id(), 1).get(0);
			assertThat(shadow.body().get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(shadow.version()).isEqualTo("2");
			assertThat(shadow.body().get("outputs").get(0).get("label").asString()).isEqualTo("positive");
			assertThat(shadow.body().get("accountId").isNull()).as("nobody's job, nobody's usage").isTrue();
			assertThat(shadow.shadowOf()).isEqualTo(answer.id());
		}
	}

	private PipelineClient.Response setSplit(String body) {
		PipelineClient.Response response = this.admin.put(TRAFFIC, body);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response;
	}

	/**
	 * Sends requests naming no version until one is answered as the condition says: the
	 * split the admin wrote last is then the one the worker applies.
	 */
	private void awaitUnpinnedAnswer(String alias, Predicate<Answer> condition) {
		await().alias(alias)
			.atMost(PROPAGATION)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> condition.test(predict(null)));
	}

	/** A synchronous prediction, pinned to {@code version} unless it is null. */
	private Answer predict(String version) {
		String pin = (version != null) ? "\"modelVersion\": \"" + version + "\", " : "";
		PipelineClient.Response response = this.client.post("/v1/models/sentiment/predict",
				"{" + pin + "\"inputs\": [\"" + POSITIVE + "\"]}");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return new Answer(response.body().get("id").asString(), response.body().get("modelVersion").asString(),
				response.body());
	}

	/** A fresh request id that the split sends to {@code version}. */
	private static String idSentTo(ModelTraffic split, String version) {
		while (true) {
			String id = "split-" + UUID.randomUUID();
			if (split.versionFor(id).equals(version)) {
				return id;
			}
		}
	}

	private static JsonNode model(JsonNode models, String name) {
		for (JsonNode model : models.get("models")) {
			if (model.get("name").asString().equals(name)) {
				return model;
			}
		}
		throw new AssertionError("No model " + name + " in " + models);
	}

	private String bootstrap() {
		return this.pipeline.servers().kafkaBootstrapServers();
	}

	/** A request on {@code inference.requests}, as a service that speaks only Kafka. */
	private void send(String id, String version) {
		String pin = (version != null) ? "\"modelVersion\": \"" + version + "\", " : "";
		String request = "{\"id\": \"" + id + "\", \"model\": \"sentiment\", " + pin + "\"inputs\": [\"" + POSITIVE
				+ "\"]}";
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("inference.requests", id, request)).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Answer(String id, String version, JsonNode body) {
	}

	private record Result(JsonNode body, String shadowOf) {

		String version() {
			return this.body.get("modelVersion").asString();
		}

	}

	/**
	 * The results on {@code inference.results} from now on, by key: a consumer in a group
	 * of its own, assigned before the test sends anything.
	 */
	private static final class Results implements AutoCloseable {

		private final KafkaConsumer<String, String> consumer;

		private final Map<String, List<Result>> byKey = new HashMap<>();

		Results(String bootstrap) {
			Properties props = new Properties();
			props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
			props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-versions-" + UUID.randomUUID());
			props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
			props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
			this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
			TopicFromNow.subscribe(this.consumer, "inference.results");
		}

		/** The first {@code count} results of this key. */
		List<Result> await(String key, int count) {
			Awaitility.await()
				.alias(count + " result(s) of " + key)
				.atMost(Duration.ofSeconds(60))
				.pollDelay(Duration.ZERO)
				.pollInSameThread()
				.until(() -> {
					for (ConsumerRecord<String, String> record : this.consumer.poll(Duration.ofMillis(250))) {
						Header shadowOf = record.headers().lastHeader(PipelineHeaders.SHADOW_OF);
						this.byKey.computeIfAbsent(record.key(), any -> new ArrayList<>())
							.add(new Result(json.readTree(record.value()),
									(shadowOf != null) ? new String(shadowOf.value(), StandardCharsets.UTF_8) : null));
					}
					return this.byKey.getOrDefault(key, List.of()).size() >= count;
				});
			return this.byKey.get(key).subList(0, count);
		}

		@Override
		public void close() {
			this.consumer.close();
		}

	}

}
