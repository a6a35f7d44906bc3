package dev.pipeline.predictor.onnx;

import java.util.List;
import java.util.Map;

/**
 * A binary logistic-regression classifier over a sentence embedding, applied in Java
 * after the encoder: {@code p(labels[1]) = sigmoid(w . x + b)}. Kept outside the ONNX
 * graph so the encoder artifact stays untouched and retraining the head is a JSON file,
 * not a graph edit.
 *
 * @param labels two label names, the negative class first
 * @param training how the head was trained (data, regularisation, accuracy), for the
 * record
 */
public record LogisticHead(List<String> labels, double[] weights, double bias, Map<String, Object> training) {

	public LogisticHead {
		if (labels.size() != 2) {
			throw new IllegalArgumentException("A logistic head has exactly two labels, got " + labels);
		}
		training = (training == null) ? Map.of() : training;
	}

	/** Probability of {@code labels[1]}. */
	public double probability(float[] features) {
		if (features.length != this.weights.length) {
			throw new IllegalArgumentException(
					"Head expects " + this.weights.length + " features, the encoder gave " + features.length);
		}
		double z = this.bias;
		for (int i = 0; i < features.length; i++) {
			z += this.weights[i] * features[i];
		}
		return sigmoid(z);
	}

	public static double sigmoid(double z) {
		return (z >= 0) ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
	}

}
