package dev.pipeline.predictor.onnx;

/**
 * One text after tokenization, before padding.
 *
 * @param truncated whether the text had more tokens than the model's window and was cut
 */
public record TokenizedText(long[] ids, long[] typeIds, boolean truncated) {
}
