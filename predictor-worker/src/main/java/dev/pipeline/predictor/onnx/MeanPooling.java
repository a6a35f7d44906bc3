package dev.pipeline.predictor.onnx;

/**
 * Sentence embeddings from token states, the way sentence-transformers builds them: the
 * mean of the token vectors the attention mask marks as real (padding would drag the mean
 * toward the pad embedding), then optionally scaled to unit length.
 */
public final class MeanPooling {

	private MeanPooling() {
	}

	/**
	 * @param hidden {@code [batch, tokens, dims]} flattened row-major
	 * @param mask {@code [batch, tokens]} flattened, 1 for real tokens
	 * @return {@code [batch][dims]}
	 */
	public static float[][] pool(float[] hidden, long[] mask, int batch, int tokens, int dims) {
		float[][] pooled = new float[batch][dims];
		for (int b = 0; b < batch; b++) {
			float[] sum = pooled[b];
			int count = 0;
			for (int t = 0; t < tokens; t++) {
				if (mask[b * tokens + t] == 0) {
					continue;
				}
				count++;
				int offset = (b * tokens + t) * dims;
				for (int d = 0; d < dims; d++) {
					sum[d] += hidden[offset + d];
				}
			}
			float divisor = Math.max(count, 1);
			for (int d = 0; d < dims; d++) {
				sum[d] /= divisor;
			}
		}
		return pooled;
	}

	/**
	 * Scales each row to unit L2 norm in place (a zero row stays zero) and returns it.
	 */
	public static float[][] normalize(float[][] rows) {
		for (float[] row : rows) {
			double squares = 0;
			for (float value : row) {
				squares += (double) value * value;
			}
			double norm = Math.max(Math.sqrt(squares), 1e-12);
			for (int d = 0; d < row.length; d++) {
				row[d] = (float) (row[d] / norm);
			}
		}
		return rows;
	}

}
