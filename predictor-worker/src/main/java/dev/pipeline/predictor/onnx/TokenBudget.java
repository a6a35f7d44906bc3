package dev.pipeline.predictor.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits one micro-batch of tokenized texts into ONNX Runtime runs of at most
 * {@code maxTokens} padded tokens each (rows times the longest row), shortest texts
 * first. The batcher counts texts, but what a run costs is its padded tensor: eight texts
 * at the 256-token window take as much memory as sixty-four at 32, and ONNX Runtime's
 * arena keeps the largest run's memory for good (docs/benchmarks.md, <i>ONNX Runtime's
 * arena</i>). Sorting by length first also stops one long text from padding its short
 * neighbours to its own width, so a mixed batch computes fewer tokens than before.
 */
final class TokenBudget {

	private TokenBudget() {
	}

	/**
	 * @param maxTokens the most padded tokens in one run; a text longer than this runs
	 * alone
	 * @return the runs, each the positions of its texts in {@code texts}, ordered by
	 * length
	 */
	static List<int[]> runs(List<TokenizedText> texts, int maxTokens) {
		int[] byLength = IntStream.range(0, texts.size())
			.boxed()
			.sorted(Comparator.comparingInt(i -> texts.get(i).ids().length))
			.mapToInt(Integer::intValue)
			.toArray();
		List<int[]> runs = new ArrayList<>();
		int start = 0;
		for (int end = 0; end < byLength.length; end++) {
			// Sorted, so the text at end is the widest of the run it would join.
			long width = texts.get(byLength[end]).ids().length;
			if (end > start && (end - start + 1) * width > maxTokens) {
				runs.add(Arrays.copyOfRange(byLength, start, end));
				start = end;
			}
		}
		if (start < byLength.length) {
			runs.add(Arrays.copyOfRange(byLength, start, byLength.length));
		}
		return runs;
	}

}
