package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pipeline.predictor.model.ServedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessModelTests {

	private static final String KALMAN_CONFIG = """
			{"backend": "builtin-kalman", "inputKind": "number-series"}
			""";

	@TempDir
	Path repository;

	@Test
	void shouldLoadTheVersionTheModelRepositoryMakesTheDefault() throws Exception {
		for (String model : new String[] { "pinned", "newest" }) {
			write(model + "/1/config.json", KALMAN_CONFIG);
			write(model + "/2/config.json", KALMAN_CONFIG);
			write(model + "/3/config.json", KALMAN_CONFIG);
		}
		write("pinned/model.json", "{\"versionPolicy\": {\"all\": {}}, \"defaultVersion\": \"2\"}");

		assertThat(defaultVersionOf("pinned")).as("model.json's defaultVersion").isEqualTo("2");
		assertThat(defaultVersionOf("newest")).as("without model.json, the highest").isEqualTo("3");
		try (ServedModel named = InProcessModel.open(this.repository, "pinned", "1", 0)) {
			assertThat(named.config().version()).isEqualTo("1");
		}
	}

	private String defaultVersionOf(String model) throws Exception {
		try (ServedModel served = InProcessModel.open(this.repository, model, null, 0)) {
			return served.config().version();
		}
	}

	private void write(String path, String content) throws IOException {
		Path file = this.repository.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
