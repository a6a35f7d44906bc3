package dev.pipeline.predictor.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.predictor.kalman.KalmanModel;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.servers.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One worker serving several versions of a model at once, as its {@code model.json} names
 * them. The versions are Kalman filters whose configured initial estimate (held fast by a
 * tiny initial error and a huge measurement noise) shows in every output, so an output
 * tells which version computed it. Like {@link BackPressureIntegrationTests} it needs its
 * own model repository, so it reads topics of its own behind a prefix.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.main.allow-bean-definition-overriding=true",
				"spring.kafka.consumer.group-id=" + ModelVersionsIntegrationTests.GROUP,
				"spring.kafka.listener.concurrency=1",
				"pipeline.topics.prefix=" + ModelVersionsIntegrationTests.PREFIX })
@DirtiesContext
class ModelVersionsIntegrationTests extends WorkerIntegrationTest {

	static final String GROUP = "predictor-versions";

	static final String PREFIX = "versions.";

	static final String REQUESTS = PREFIX + Topics.INFERENCE_REQUESTS.name();

	static final String RESULTS = PREFIX + Topics.INFERENCE_RESULTS.name();

	static final String MODELS = PREFIX + Topics.INFERENCE_MODELS.name();

	/** The value each version's outputs stay at. */
	static final Map<String, Double> LEVEL = Map.of("1", 100.0, "2", 200.0, "3", 300.0);

	@Autowired
	private ModelsHealthIndicator modelsHealth;

	@Autowired
	private MeterRegistry registry;

	@BeforeAll
	static void createTheTopicsBehindThePrefix() {
		TopicProvisioner.ensureTopics(servers.kafkaBootstrapServers(), new TopicNames(PREFIX), 2, 1);
	}

	@Test
	void shouldAnswerAPinnedRequestWithTheVersionItNames() throws Exception {
		String id = request("levels", "2");

		InferenceResult result = awaitResult(RESULTS, id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(result.modelVersion()).isEqualTo("2");
		assertThat(level(result)).isEqualTo(LEVEL.get("2"));
		assertThat(this.registry.get("inference.request.success")
			.tags("model", "levels", "version", "2")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void shouldAnswerARequestWithoutVersionWithTheDefaultVersion() throws Exception {
		String id = request("levels", null);

		InferenceResult result = awaitResult(RESULTS, id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(result.modelVersion()).isEqualTo("1");
		assertThat(level(result)).isEqualTo(LEVEL.get("1"));
	}

	@Test
	void shouldFailAVersionThePolicyDoesNotServeRatherThanFallBack() throws Exception {
		// Version 3 has a folder, but the policy names only 1 and 2.
		String notServed = request("levels", "3");
		String unknown = request("levels", "9");

		for (String id : new String[] { notServed, unknown }) {
			InferenceResult result = awaitResult(RESULTS, id);
			assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
			assertThat(result.error().code()).isEqualTo("UNKNOWN_MODEL_VERSION");
			assertThat(result.error().message()).contains("[1, 2]");
			assertThat(result.outputs()).isNull();
		}
	}

	@Test
	void shouldKeepServingWhenOneModelHasABadPolicy() throws Exception {
		String id = request("misconfigured", null);

		InferenceResult result = awaitResult(RESULTS, id);

		assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
		assertThat(result.error().code()).isEqualTo("MODEL_UNAVAILABLE");
		assertThat(result.error().message()).contains("model.json");
		assertThat(this.modelsHealth.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(awaitResult(RESULTS, request("levels", "1")).status()).isEqualTo(ResultStatus.SUCCEEDED);
	}

	@Test
	void shouldAnnounceEveryServedVersionInTheModelsRecord() {
		ModelDescriptor levels = PipelineJson.mapper()
			.readValue(awaitRecord(MODELS, "levels").value(), ModelDescriptor.class);
		ModelDescriptor misconfigured = PipelineJson.mapper()
			.readValue(awaitRecord(MODELS, "misconfigured").value(), ModelDescriptor.class);

		// The default version's fields, as a reader that knows nothing of versions reads
		// them.
		assertThat(levels.version()).isEqualTo("1");
		assertThat(levels.ready()).isTrue();
		assertThat(levels.versions()).extracting(ModelDescriptor.Version::version).containsExactly("1", "2");
		assertThat(levels.versions()).allSatisfy(version -> assertThat(version.ready()).isTrue());
		assertThat(levels.atVersion("2")).hasValueSatisfying(version -> {
			assertThat(version.version()).isEqualTo("2");
			assertThat(version.inputKind()).isEqualTo(ModelDescriptor.NUMBER_SERIES);
		});
		assertThat(misconfigured.ready()).isFalse();
	}

	static double level(InferenceResult result) {
		double last = result.outputs().get(0).get(2).doubleValue();
		return Math.round(last);
	}

	static String request(String model, @Nullable String version) throws Exception {
		return request(newId(), model, version);
	}

	static String request(String id, String model, @Nullable String version) throws Exception {
		String pinned = (version != null) ? ",\"modelVersion\":\"" + version + "\"" : "";
		String json = "{\"id\":\"" + id + "\",\"model\":\"" + model + "\"" + pinned + ",\"inputs\":[[1, 2, 3]]}";
		send(new ProducerRecord<>(REQUESTS, id, json.getBytes(StandardCharsets.UTF_8)));
		return id;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class VersionedRepository {

		/**
		 * Replaces the worker's repository: {@code levels} in versions 1, 2 and 3, of
		 * which the policy serves 1 (the default) and 2; {@code misconfigured}, whose
		 * policy names a version it does not have.
		 */
		@Bean(destroyMethod = "close")
		ModelRepository modelRepository() throws IOException {
			Path root = Files.createTempDirectory("versioned-models");
			for (String version : new String[] { "1", "2", "3" }) {
				write(root, "levels/" + version + "/config.json", config(version));
			}
			write(root, "levels/model.json",
					"{\"versionPolicy\": {\"specific\": {\"versions\": [\"1\", \"2\"]}}, \"defaultVersion\": \"1\"}");
			write(root, "misconfigured/1/config.json", config("1"));
			write(root, "misconfigured/model.json", "{\"versionPolicy\": {\"specific\": {\"versions\": [\"4\"]}}}");
			return ModelRepository.load(root, (dir, config) -> new KalmanModel(config));
		}

		private static String config(String version) {
			return """
					{"backend": "builtin-kalman", "inputKind": "number-series", "maxBatchSize": 8,
					 "parameters": {"initialEstimate": %s, "initialError": 1e-9, "measurementNoise": 1e9,
					                "processNoise": 1e-9}}
					""".formatted(LEVEL.get(version));
		}

		private static void write(Path root, String path, String content) throws IOException {
			Path file = root.resolve(path);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content);
		}

	}

}
