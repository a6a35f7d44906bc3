package dev.pipeline.predictor.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnxruntime.OrtException;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ServedModel;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code onnx} backend: texts in, {@code {"label", "score"}} out. Either an encoder
 * whose pooled embedding goes through a {@link LogisticHead} (the shipped
 * {@code sentiment}), or a graph that already outputs one logit per label (softmax; a
 * single logit is a sigmoid). {@code score} is the probability of the returned label;
 * {@code "truncated": true} marks a text that was cut to the model's window.
 */
public final class TextClassifier implements ServedModel {

	private final ModelConfig config;

	private final TextEncoder encoder;

	private final @Nullable LogisticHead head;

	TextClassifier(ModelConfig config, TextEncoder encoder, @Nullable LogisticHead head) {
		this.config = config;
		this.encoder = encoder;
		this.head = head;
	}

	public static TextClassifier load(Path versionDir, ModelConfig config, int intraOpThreads)
			throws IOException, OrtException {
		ModelConfig.OnnxSettings settings = config.onnx();
		if (settings == null) {
			throw new IOException("config.json of " + config.name() + " has no \"onnx\" section");
		}
		LogisticHead head = (settings.head() != null) ? readHead(versionDir.resolve(settings.head())) : null;
		return new TextClassifier(config, TextEncoder.load(versionDir, settings, intraOpThreads), head);
	}

	public static LogisticHead readHead(Path file) throws IOException {
		return PipelineJson.mapper().readValue(Files.readString(file), LogisticHead.class);
	}

	@Override
	public ModelConfig config() {
		return this.config;
	}

	@Override
	public List<JsonNode> predict(List<ModelInput> batch) throws OrtException {
		List<String> texts = batch.stream().map(input -> input.instance().asString()).toList();
		TextEncoder.Embeddings embeddings = this.encoder.embed(texts);
		List<JsonNode> outputs = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			outputs.add(toOutput(embeddings.rows()[i], embeddings.truncated()[i]));
		}
		return outputs;
	}

	private JsonNode toOutput(float[] row, boolean truncated) {
		List<String> labels = (this.head != null) ? this.head.labels() : this.config.onnx().labels();
		double[] probabilities = (this.head != null) ? binary(this.head.probability(row)) : probabilities(row);
		int best = 0;
		for (int i = 1; i < probabilities.length; i++) {
			if (probabilities[i] > probabilities[best]) {
				best = i;
			}
		}
		ObjectNode output = JsonNodeFactory.instance.objectNode();
		output.put("label", labels.get(best));
		output.put("score", probabilities[best]);
		// Every label's probability, in label order: the Open Inference Protocol's
		// probabilities tensor.
		ArrayNode all = output.putArray("probabilities");
		for (double probability : probabilities) {
			all.add(probability);
		}
		if (truncated) {
			output.put("truncated", true);
		}
		return output;
	}

	private static double[] binary(double positive) {
		return new double[] { 1 - positive, positive };
	}

	private static double[] probabilities(float[] logits) {
		if (logits.length == 1) {
			return binary(LogisticHead.sigmoid(logits[0]));
		}
		double max = Double.NEGATIVE_INFINITY;
		for (float logit : logits) {
			max = Math.max(max, logit);
		}
		double[] result = new double[logits.length];
		double sum = 0;
		for (int i = 0; i < logits.length; i++) {
			result[i] = Math.exp(logits[i] - max);
			sum += result[i];
		}
		for (int i = 0; i < result.length; i++) {
			result[i] /= sum;
		}
		return result;
	}

	@Override
	public void close() {
		try {
			this.encoder.close();
		}
		catch (OrtException ex) {
			// Closing at shutdown; nothing left to do with a failure.
		}
	}

}
