package dev.pipeline.predictor.model;

import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ModelTensor;
import org.jspecify.annotations.Nullable;

/**
 * The {@code config.json} of one model version in the repository, in the spirit of
 * Triton's {@code config.pbtxt}: what the model takes, how it is batched, and its
 * pre/post-processing.
 *
 * @param name the model name clients use; must match the folder name
 * @param version the version folder name
 * @param backend {@link #ONNX} or {@link #BUILTIN_KALMAN}
 * @param inputKind {@code ModelDescriptor.TEXT} or {@code ModelDescriptor.NUMBER_SERIES}
 * @param maxBatchSize the most instances one model call takes
 * @param maxBatchWaitMs how long the first queued instance may wait for others to join
 * its batch
 * @param onnx settings of the {@code onnx} backend, {@code null} for built-ins
 * @param parameters default model parameters (the built-in Kalman filter's noise
 * settings)
 * @param inputs the input tensors the model takes, as the Open Inference Protocol's model
 * metadata shows them (like Triton's {@code input}); announced in the catalogue
 * @param outputs the output tensors it answers, likewise; each names a field of an
 * instance's output
 */
public record ModelConfig(String name, String version, String backend, String inputKind, @Nullable String description,
		int maxBatchSize, long maxBatchWaitMs, @Nullable OnnxSettings onnx, Map<String, Double> parameters,
		List<ModelTensor> inputs, List<ModelTensor> outputs) {

	public static final String ONNX = "onnx";

	public static final String BUILTIN_KALMAN = "builtin-kalman";

	public ModelConfig {
		maxBatchSize = (maxBatchSize <= 0) ? 1 : maxBatchSize;
		maxBatchWaitMs = Math.max(0, maxBatchWaitMs);
		parameters = (parameters == null) ? Map.of() : Map.copyOf(parameters);
		inputs = (inputs == null) ? List.of() : List.copyOf(inputs);
		outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
	}

	/** A config that declares no tensors. */
	public ModelConfig(String name, String version, String backend, String inputKind, @Nullable String description,
			int maxBatchSize, long maxBatchWaitMs, @Nullable OnnxSettings onnx, Map<String, Double> parameters) {
		this(name, version, backend, inputKind, description, maxBatchSize, maxBatchWaitMs, onnx, parameters, List.of(),
				List.of());
	}

	/**
	 * The backend as the Open Inference Protocol names platforms
	 * ({@code <project>_<format>}).
	 */
	public String platform() {
		return switch (this.backend) {
			case ONNX -> "onnx_onnxv1";
			case BUILTIN_KALMAN -> "pipeline_kalman";
			default -> this.backend;
		};
	}

	/**
	 * The {@code onnx} backend: tokenizer, ONNX graph, and what turns the graph's output
	 * into a label.
	 *
	 * @param model the graph: {@code classpath:<resource>} or a path relative to the
	 * version folder; a {@code model.onnx} in the version folder wins when present
	 * @param tokenizer a HuggingFace {@code tokenizer.json}, same rules
	 * ({@code tokenizer.json} in the folder wins)
	 * @param maxSequenceLength tokens per text, special tokens included; longer texts are
	 * truncated
	 * @param output the graph output to read
	 * @param pooling {@code mean} (mask-aware mean over a {@code [batch, tokens, hidden]}
	 * output) or {@code none} (the output is already {@code [batch, labels]} logits)
	 * @param normalize L2-normalise the pooled embedding
	 * @param head a logistic-regression head (JSON) applied to the pooled embedding,
	 * relative to the version folder; {@code null} when the graph outputs logits
	 * @param labels label names in output order
	 * @param textPrefix put before every text before it is tokenized (e5 encoders expect
	 * {@code "query: "}); empty for none. It counts towards {@code maxSequenceLength}.
	 * @param maxBatchTokens the most padded tokens (texts times the longest one) in one
	 * graph run; a batch over it runs in several, shortest texts together. It bounds the
	 * memory ONNX Runtime's arena keeps, which grows with the largest run ever made. At
	 * least {@code maxSequenceLength}; default {@value #DEFAULT_MAX_BATCH_TOKENS}.
	 */
	public record OnnxSettings(@Nullable String model, @Nullable String tokenizer, int maxSequenceLength, String output,
			String pooling, boolean normalize, @Nullable String head, List<String> labels, String textPrefix,
			int maxBatchTokens) {

		/**
		 * Two texts at the default 256-token window, or eight at 64, per run; measured in
		 * docs/benchmarks.md (<i>A token budget per run</i>).
		 */
		public static final int DEFAULT_MAX_BATCH_TOKENS = 512;

		public OnnxSettings {
			maxSequenceLength = (maxSequenceLength <= 0) ? 256 : maxSequenceLength;
			maxBatchTokens = Math.max((maxBatchTokens <= 0) ? DEFAULT_MAX_BATCH_TOKENS : maxBatchTokens,
					maxSequenceLength);
			output = (output == null) ? "last_hidden_state" : output;
			pooling = (pooling == null) ? "mean" : pooling;
			labels = (labels == null) ? List.of("negative", "positive") : List.copyOf(labels);
			textPrefix = (textPrefix == null) ? "" : textPrefix;
		}

	}

}
