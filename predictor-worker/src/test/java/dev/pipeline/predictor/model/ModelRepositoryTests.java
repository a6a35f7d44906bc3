package dev.pipeline.predictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pipeline.predictor.kalman.KalmanModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRepositoryTests {

	private static final String KALMAN_CONFIG = """
			{"backend": "builtin-kalman", "inputKind": "number-series", "maxBatchSize": 4, "maxBatchWaitMs": 1}
			""";

	@TempDir
	Path root;

	@Test
	void shouldServeTheHighestNumericVersionOfEachModel() throws IOException {
		write("kalman/1/config.json", KALMAN_CONFIG);
		write("kalman/10/config.json", KALMAN_CONFIG);
		write("kalman/2/config.json", KALMAN_CONFIG);
		write("kalman/draft/notes.txt", "no config here");

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> new KalmanModel(config))) {
			ModelRepository.Model model = repository.find("kalman").orElseThrow();
			assertThat(model.versionNames()).containsExactly("10");
			ModelRepository.Entry entry = model.defaultEntry();
			assertThat(entry.ready()).isTrue();
			assertThat(entry.config().name()).isEqualTo("kalman");
			assertThat(entry.config().version()).isEqualTo("10");
			assertThat(entry.config().maxBatchSize()).isEqualTo(4);
		}
	}

	@Test
	void shouldKeepAModelThatFailedToLoadListedAsNotReady() throws IOException {
		write("kalman/1/config.json", KALMAN_CONFIG);
		write("broken/1/config.json", "{\"backend\": \"onnx\", \"inputKind\": \"text\"}");
		write("garbled/1/config.json", "{not json");

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> {
			if (config.backend().equals("onnx")) {
				throw new IOException("model.onnx missing");
			}
			return new KalmanModel(config);
		})) {
			assertThat(repository.find("kalman").orElseThrow().ready()).isTrue();
			ModelRepository.Model broken = repository.find("broken").orElseThrow();
			assertThat(broken.ready()).isFalse();
			assertThat(broken.defaultEntry().failure()).contains("model.onnx missing");
			assertThat(repository.find("garbled").orElseThrow().defaultEntry().failure()).contains("config.json");
		}
	}

	@Test
	void shouldRejectAConfigNamingAnotherModel() throws IOException {
		write("kalman/1/config.json",
				"{\"name\": \"other\", \"backend\": \"builtin-kalman\", \"inputKind\": \"number-series\"}");

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> new KalmanModel(config))) {
			assertThat(repository.find("kalman").orElseThrow().ready()).isFalse();
		}
	}

	@Test
	void shouldServeEveryVersionThePolicyNamesWithItsDefault() throws IOException {
		for (String version : new String[] { "1", "2", "3" }) {
			write("latest/" + version + "/config.json", KALMAN_CONFIG);
			write("all/" + version + "/config.json", KALMAN_CONFIG);
			write("specific/" + version + "/config.json", KALMAN_CONFIG);
		}
		write("latest/model.json", "{\"versionPolicy\": {\"latest\": {\"numVersions\": 2}}}");
		write("all/model.json", "{\"versionPolicy\": {\"all\": {}}, \"defaultVersion\": \"1\"}");
		write("specific/model.json",
				"{\"versionPolicy\": {\"specific\": {\"versions\": [\"3\", \"1\"]}}, \"defaultVersion\": \"1\"}");

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> new KalmanModel(config))) {
			ModelRepository.Model latest = repository.find("latest").orElseThrow();
			assertThat(latest.versionNames()).containsExactly("2", "3");
			assertThat(latest.defaultVersion()).isEqualTo("3");
			ModelRepository.Model all = repository.find("all").orElseThrow();
			assertThat(all.versionNames()).containsExactly("1", "2", "3");
			assertThat(all.defaultVersion()).isEqualTo("1");
			ModelRepository.Model specific = repository.find("specific").orElseThrow();
			assertThat(specific.versionNames()).containsExactly("1", "3");
			assertThat(specific.versions()).allSatisfy(entry -> assertThat(entry.ready()).isTrue());
			assertThat(specific.version("2")).isEmpty();
			assertThat(repository.entries()).hasSize(7);
		}
		// The same defaults for a reader that loads a version itself.
		assertThat(ModelRepository.defaultVersion(this.root.resolve("latest"))).isEqualTo("3");
		assertThat(ModelRepository.defaultVersion(this.root.resolve("all"))).isEqualTo("1");
		assertThat(ModelRepository.defaultVersion(this.root.resolve("specific"))).isEqualTo("1");
	}

	@Test
	void shouldKeepAModelWithABadPolicyListedAsNotReadyWithTheReason() throws IOException {
		String[][] policies = { { "two", "{\"versionPolicy\": {\"all\": {}, \"latest\": {\"numVersions\": 1}}}" },
				{ "none", "{\"versionPolicy\": {}}" },
				{ "zero", "{\"versionPolicy\": {\"latest\": {\"numVersions\": 0}}}" },
				{ "missing", "{\"versionPolicy\": {\"specific\": {\"versions\": [\"7\"]}}}" },
				{ "default", "{\"versionPolicy\": {\"latest\": {\"numVersions\": 1}}, \"defaultVersion\": \"1\"}" },
				{ "typo", "{\"versionPolicy\": {\"lastest\": {\"numVersions\": 1}}}" }, { "garbled", "{not json" } };
		for (String[] policy : policies) {
			write(policy[0] + "/1/config.json", KALMAN_CONFIG);
			write(policy[0] + "/2/config.json", KALMAN_CONFIG);
			write(policy[0] + "/model.json", policy[1]);
		}
		write("kalman/1/config.json", KALMAN_CONFIG);

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> new KalmanModel(config))) {
			assertThat(repository.find("kalman").orElseThrow().ready()).isTrue();
			for (String[] policy : policies) {
				ModelRepository.Model model = repository.find(policy[0]).orElseThrow();
				assertThat(model.ready()).as(policy[0]).isFalse();
				assertThat(model.failure()).as(policy[0]).startsWith("model.json");
				assertThat(model.versions()).as(policy[0]).singleElement().satisfies(entry -> {
					assertThat(entry.ready()).isFalse();
					assertThat(entry.config().version()).isEqualTo("2");
				});
			}
			assertThat(repository.find("missing").orElseThrow().failure()).contains("'7'");
			assertThat(repository.find("default").orElseThrow().failure()).contains("defaultVersion '1'");
		}
	}

	@Test
	void shouldRejectAConfigNamingAnotherVersion() throws IOException {
		write("kalman/2/config.json",
				"{\"version\": \"1\", \"backend\": \"builtin-kalman\", \"inputKind\": \"number-series\"}");

		try (ModelRepository repository = ModelRepository.load(this.root, (dir, config) -> new KalmanModel(config))) {
			assertThat(repository.find("kalman").orElseThrow().defaultEntry().failure()).contains("version '1'");
		}
	}

	private void write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
