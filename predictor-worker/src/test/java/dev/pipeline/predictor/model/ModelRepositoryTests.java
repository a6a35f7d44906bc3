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
			ModelRepository.Entry entry = repository.find("kalman").orElseThrow();
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
			ModelRepository.Entry broken = repository.find("broken").orElseThrow();
			assertThat(broken.ready()).isFalse();
			assertThat(broken.failure()).contains("model.onnx missing");
			assertThat(repository.find("garbled").orElseThrow().failure()).contains("config.json");
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

	private void write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
