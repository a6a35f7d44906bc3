package dev.pipeline.predictor.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBudgetTests {

	@Test
	void shouldKeepABatchWithinTheBudgetInOneRunShortestFirst() {
		List<int[]> runs = TokenBudget.runs(texts(5, 3, 4), 15);

		assertThat(runs).hasSize(1);
		assertThat(runs.get(0)).containsExactly(1, 2, 0);
	}

	@Test
	void shouldSplitWhereRowsTimesTheWidestRowWouldPassTheBudget() {
		// Sorted: 2, 2, 3, 8, 8. Three rows at width 3 are 9 tokens; a fourth at 8 would
		// be 32; two at 8 are 16.
		List<int[]> runs = TokenBudget.runs(texts(8, 2, 3, 8, 2), 16);

		assertThat(runs).extracting(Arrays::toString).containsExactly("[1, 4, 2]", "[0, 3]");
	}

	@Test
	void shouldRunATextAsWideAsTheBudgetAlone() {
		List<int[]> runs = TokenBudget.runs(texts(4, 8, 8), 8);

		assertThat(runs).extracting(Arrays::toString).containsExactly("[0]", "[1]", "[2]");
	}

	@Test
	void shouldPlaceEveryTextInExactlyOneRun() {
		int[] lengths = IntStream.range(0, 64).map(i -> 1 + (i * 37) % 256).toArray();

		List<int[]> runs = TokenBudget.runs(texts(lengths), 512);

		assertThat(runs.stream().flatMapToInt(Arrays::stream).sorted().toArray())
			.isEqualTo(IntStream.range(0, 64).toArray());
		for (int[] run : runs) {
			int widest = Arrays.stream(run).map(i -> lengths[i]).max().orElseThrow();
			assertThat((long) run.length * widest).isLessThanOrEqualTo(512);
		}
	}

	@Test
	void shouldPlanNoRunForAnEmptyBatch() {
		assertThat(TokenBudget.runs(List.of(), 512)).isEmpty();
	}

	private static List<TokenizedText> texts(int... lengths) {
		return Arrays.stream(lengths)
			.mapToObj(length -> new TokenizedText(new long[length], new long[length], false))
			.toList();
	}

}
