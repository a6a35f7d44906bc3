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
				List.of(), null, 0);

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

	/**
	 * The quantized graphs quantize activations per tensor, so a row's numbers move
	 * slightly with its batch-mates (about 1e-3); each row must still be its own text's
	 * embedding, nearer to it than to any other text's.
	 */
	@Test
	void shouldEmbedEachTextAsIfAloneWhenTheBudgetSplitsTheBatch() throws IOException, OrtException {
		List<String> texts = List.of(
				"The battery lasts two days, the screen is sharp in sunlight and the speaker is loud. ".repeat(8),
				"Awful.", "Great phone, would buy again.",
				"Shipping took a month, the box was crushed, and support never answered my emails. ".repeat(8),
				"Fine.");
		// The window (256) is the smallest budget: both long texts run alone.
		try (TextEncoder encoder = e5("", 256, 256)) {
			TextEncoder.Embeddings embeddings = encoder.embed(texts);

			assertThat(embeddings.rows().length).isEqualTo(texts.size());
			float[][] alone = new float[texts.size()][];
			for (int i = 0; i < texts.size(); i++) {
				alone[i] = encoder.encode(encoder.tokenize(List.of(texts.get(i))))[0];
			}
			for (int i = 0; i < texts.size(); i++) {
				double own = cosine(embeddings.rows()[i], alone[i]);
				assertThat(own).as("row %d against its text alone", i).isGreaterThan(0.99);
				for (int j = 0; j < texts.size(); j++) {
					if (j != i) {
						assertThat(cosine(embeddings.rows()[i], alone[j])).as("row %d against text %d", i, j)
							.isLessThan(own);
					}
				}
			}
			assertThat(embeddings.truncated()).containsExactly(false, false, false, false, false);
		}
	}

	@Test
	void shouldMarkTruncatedTextsInTheCallersOrder() throws IOException, OrtException {
		String longText = "words and more words ".repeat(20);
		try (TextEncoder encoder = e5("", 16, 32)) {
			TextEncoder.Embeddings embeddings = encoder.embed(List.of("Short.", longText, "Also short."));

			assertThat(embeddings.truncated()).containsExactly(false, true, false);
		}
	}

	private static double cosine(float[] a, float[] b) {
		double dot = 0;
		double aa = 0;
		double bb = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			aa += a[i] * a[i];
			bb += b[i] * b[i];
		}
		return dot / Math.sqrt(aa * bb);
	}

	/** The encoder of sentiment version 2, from its Maven artifact. */
	private TextEncoder e5(String textPrefix) throws IOException, OrtException {
		return e5(textPrefix, 0, 0);
	}

	private TextEncoder e5(String textPrefix, int maxSequenceLength, int maxBatchTokens)
			throws IOException, OrtException {
		return TextEncoder.load(this.version,
				new ModelConfig.OnnxSettings("classpath:e5-small-v2-q.onnx", "classpath:e5-small-v2-q-tokenizer.json",
						maxSequenceLength, null, null, true, null, List.of(), textPrefix, maxBatchTokens),
				1);
	}

}
