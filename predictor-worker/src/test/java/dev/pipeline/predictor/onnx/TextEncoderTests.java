package dev.pipeline.predictor.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnxruntime.OrtException;
import dev.pipeline.predictor.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextEncoderTests {

	@TempDir
	Path version;

	@Test
	void shouldNameTheTokenizerAndThePlatformWhenTheTokenizerCannotLoad() throws IOException {
		Files.writeString(this.version.resolve("tokenizer.json"), "not a tokenizer");
		Files.writeString(this.version.resolve("model.onnx"), "not reached");
		ModelConfig.OnnxSettings settings = new ModelConfig.OnnxSettings(null, null, 0, null, null, true, null,
				List.of(), null);

		assertThatThrownBy(() -> TextEncoder.load(this.version, settings, 1)).isInstanceOf(IOException.class)
			.hasMessageContaining(this.version.resolve("tokenizer.json").toString())
			.hasMessageContaining(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
	}

	@Test
	void shouldTokenizeEveryTextBehindTheConfiguredPrefix() throws IOException, OrtException {
		try (TextEncoder prefixed = e5("query: "); TextEncoder plain = e5("")) {
			TokenBatch withPrefix = prefixed.tokenize(List.of("Great phone.", "Awful."));

			assertThat(withPrefix.inputIds())
				.isEqualTo(plain.tokenize(List.of("query: Great phone.", "query: Awful.")).inputIds());
			assertThat(withPrefix.width()).isGreaterThan(plain.tokenize(List.of("Great phone.", "Awful.")).width());
		}
	}

	/** The encoder of sentiment version 2, from its Maven artifact. */
	private TextEncoder e5(String textPrefix) throws IOException, OrtException {
		return TextEncoder.load(this.version, new ModelConfig.OnnxSettings("classpath:e5-small-v2-q.onnx",
				"classpath:e5-small-v2-q-tokenizer.json", 0, null, null, true, null, List.of(), textPrefix), 1);
	}

}
