package dev.pipeline.predictor.onnx;

import java.util.List;

/**
 * A micro-batch of tokenized texts padded to its longest member, row-major and flat as
 * ONNX Runtime wants it. Padding to the batch's longest text rather than the model's
 * window keeps a batch of short sentences cheap; the attention mask keeps the padding out
 * of the result.
 */
public record TokenBatch(int size, int width, long[] inputIds, long[] attentionMask, long[] tokenTypeIds,
		boolean[] truncated) {

	/** Pad token id and type id of BERT-style vocabularies. */
	static final long PAD = 0;

	public static TokenBatch pad(List<TokenizedText> texts) {
		int size = texts.size();
		int width = texts.stream().mapToInt(text -> text.ids().length).max().orElse(0);
		long[] ids = new long[size * width];
		long[] mask = new long[size * width];
		long[] types = new long[size * width];
		boolean[] truncated = new boolean[size];
		for (int row = 0; row < size; row++) {
			TokenizedText text = texts.get(row);
			int offset = row * width;
			System.arraycopy(text.ids(), 0, ids, offset, text.ids().length);
			System.arraycopy(text.typeIds(), 0, types, offset, text.typeIds().length);
			for (int col = 0; col < width; col++) {
				if (col >= text.ids().length) {
					ids[offset + col] = PAD;
					types[offset + col] = PAD;
				}
				else {
					mask[offset + col] = 1;
				}
			}
			truncated[row] = text.truncated();
		}
		return new TokenBatch(size, width, ids, mask, types, truncated);
	}

	public long[] shape() {
		return new long[] { this.size, this.width };
	}

}
