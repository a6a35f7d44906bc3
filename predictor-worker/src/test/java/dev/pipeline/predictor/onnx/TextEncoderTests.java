package dev.pipeline.predictor.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.pipeline.predictor.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextEncoderTests {

	@TempDir
	Path version;

	@Test
	void shouldNameTheTokenizerAndThePlatformWhenTheTokenizerCannotLoad() throws IOException {
		Files.writeString(this.version.resolve("tokenizer.json"), "not a tokenizer");
		Files.writeString(this.version.resolve("model.onnx"), "not reached");
		ModelConfig.OnnxSettings settings = new ModelConfig.OnnxSettings(null, null, 0, null, null, true, null,
				List.of());

		assertThatThrownBy(() -> TextEncoder.load(this.version, settings, 1)).isInstanceOf(IOException.class)
			.hasMessageContaining(this.version.resolve("tokenizer.json").toString())
			.hasMessageContaining(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
	}

}
