package dev.pipeline.predictor.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.pipeline.predictor.model.ModelConfig;

/**
 * Tokenizer plus ONNX graph: turns a batch of texts into one row of numbers per text with
 * a single {@link OrtSession#run} call. The session is shared by every caller of this
 * model (ONNX Runtime sessions are thread-safe); its intra-op thread count is set at
 * load.
 */
public final class TextEncoder implements AutoCloseable {

	static {
		// The tokenizers jar ships its linux/macOS/windows natives and DJL extracts them
		// to its
		// cache (ENGINE_CACHE_DIR or DJL_CACHE_DIR, default ~/.djl.ai); offline mode
		// makes sure
		// it never falls back to downloading one. An explicit setting wins.
		if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
			System.setProperty("ai.djl.offline", "true");
		}
	}

	private final ModelConfig.OnnxSettings settings;

	private final HuggingFaceTokenizer tokenizer;

	private final OrtSession session;

	private TextEncoder(ModelConfig.OnnxSettings settings, HuggingFaceTokenizer tokenizer, OrtSession session) {
		this.settings = settings;
		this.tokenizer = tokenizer;
		this.session = session;
	}

	/**
	 * @param intraOpThreads threads ONNX Runtime may use inside one call; 0 lets it use
	 * all cores
	 */
	public static TextEncoder load(Path versionDir, ModelConfig.OnnxSettings settings, int intraOpThreads)
			throws IOException, OrtException {
		ModelFile tokenizerFile = ModelFile.resolve(versionDir, "tokenizer.json", settings.tokenizer());
		ModelFile modelFile = ModelFile.resolve(versionDir, "model.onnx", settings.model());
		HuggingFaceTokenizer tokenizer;
		try (InputStream in = tokenizerFile.open()) {
			tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions(settings.maxSequenceLength()));
		}
		catch (RuntimeException | UnsatisfiedLinkError ex) {
			// DJL's tokenizer is a native library built for some platforms only (none for
			// macOS on Intel since DJL 0.29): name the platform, not only the linker's
			// message.
			throw new IOException("The tokenizer " + tokenizerFile.description() + " could not be loaded on "
					+ System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + ex.getMessage()
					+ " (its native library ships for Linux x86-64 and ARM64 and macOS ARM64 only; README,"
					+ " platform matrix)", ex);
		}
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			if (intraOpThreads > 0) {
				options.setIntraOpNumThreads(intraOpThreads);
			}
			OrtSession session = OrtEnvironment.getEnvironment().createSession(modelFile.readAllBytes(), options);
			return new TextEncoder(settings, tokenizer, session);
		}
		catch (OrtException | IOException | RuntimeException ex) {
			tokenizer.close();
			throw ex;
		}
	}

	/**
	 * The tokenizer file may pin padding and truncation (the shipped one pads everything
	 * to 128); batching pads per batch instead, and the window comes from config.json.
	 */
	private static Map<String, String> tokenizerOptions(int maxSequenceLength) {
		Map<String, String> options = new HashMap<>();
		options.put("padding", "false");
		options.put("truncation", "true");
		options.put("maxLength", String.valueOf(maxSequenceLength));
		options.put("addSpecialTokens", "true");
		return options;
	}

	/**
	 * Tokenizes each text behind the configured {@code textPrefix}, so the model sees
	 * text the way it was trained to (an e5 encoder, {@code "query: "} + text).
	 */
	public TokenBatch tokenize(List<String> texts) {
		return TokenBatch.pad(tokenizeEach(texts));
	}

	private List<TokenizedText> tokenizeEach(List<String> texts) {
		List<TokenizedText> tokenized = new ArrayList<>(texts.size());
		for (String text : texts) {
			Encoding encoding = this.tokenizer.encode(this.settings.textPrefix() + text);
			tokenized.add(new TokenizedText(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength()));
		}
		return tokenized;
	}

	/**
	 * Tokenizes and encodes a micro-batch in as many graph runs as the token budget
	 * ({@code maxBatchTokens}) needs, shortest texts together; rows come back in the
	 * order of {@code texts}.
	 */
	public Embeddings embed(List<String> texts) throws OrtException {
		List<TokenizedText> tokenized = tokenizeEach(texts);
		float[][] rows = new float[texts.size()][];
		boolean[] truncated = new boolean[texts.size()];
		for (int[] run : TokenBudget.runs(tokenized, this.settings.maxBatchTokens())) {
			List<TokenizedText> members = new ArrayList<>(run.length);
			for (int position : run) {
				members.add(tokenized.get(position));
				truncated[position] = tokenized.get(position).truncated();
			}
			float[][] encoded = encode(TokenBatch.pad(members));
			for (int i = 0; i < run.length; i++) {
				rows[run[i]] = encoded[i];
			}
		}
		return new Embeddings(rows, truncated);
	}

	/**
	 * One row per text, in the caller's order.
	 *
	 * @param truncated whether each text was cut to the model's window
	 */
	public record Embeddings(float[][] rows, boolean[] truncated) {
	}

	/**
	 * Runs the graph once for the whole batch. With mean pooling the result is one
	 * embedding per text; without, the graph's own {@code [batch, labels]} output.
	 */
	public float[][] encode(TokenBatch batch) throws OrtException {
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		Map<String, OnnxTensor> inputs = new HashMap<>();
		try {
			for (String name : this.session.getInputNames()) {
				long[] data = switch (name) {
					case "input_ids" -> batch.inputIds();
					case "attention_mask" -> batch.attentionMask();
					case "token_type_ids" -> batch.tokenTypeIds();
					default -> throw new IllegalStateException("Unsupported model input: " + name);
				};
				inputs.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data), batch.shape()));
			}
			try (OrtSession.Result result = this.session.run(inputs, Set.of(this.settings.output()))) {
				OnnxTensor output = (OnnxTensor) result.get(0);
				long[] shape = ((TensorInfo) output.getInfo()).getShape();
				float[] flat = toArray(output.getFloatBuffer());
				return "mean".equals(this.settings.pooling()) ? pool(flat, batch, shape) : rows(flat, shape);
			}
		}
		finally {
			inputs.values().forEach(OnnxTensor::close);
		}
	}

	private float[][] pool(float[] hidden, TokenBatch batch, long[] shape) {
		if (shape.length != 3) {
			throw new IllegalStateException(
					"Mean pooling needs a [batch, tokens, dims] output, got rank " + shape.length);
		}
		float[][] pooled = MeanPooling.pool(hidden, batch.attentionMask(), batch.size(), batch.width(), (int) shape[2]);
		return this.settings.normalize() ? MeanPooling.normalize(pooled) : pooled;
	}

	private static float[][] rows(float[] flat, long[] shape) {
		if (shape.length != 2) {
			throw new IllegalStateException(
					"Without pooling the output must be [batch, labels], got rank " + shape.length);
		}
		int rows = (int) shape[0];
		int cols = (int) shape[1];
		float[][] result = new float[rows][cols];
		for (int r = 0; r < rows; r++) {
			System.arraycopy(flat, r * cols, result[r], 0, cols);
		}
		return result;
	}

	private static float[] toArray(FloatBuffer buffer) {
		float[] array = new float[buffer.remaining()];
		buffer.get(array);
		return array;
	}

	@Override
	public void close() throws OrtException {
		this.tokenizer.close();
		this.session.close();
	}

}
