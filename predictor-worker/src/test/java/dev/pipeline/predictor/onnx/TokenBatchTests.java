package dev.pipeline.predictor.onnx;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBatchTests {

	@Test
	void shouldPadToTheLongestTextOfTheBatch() {
		TokenBatch batch = TokenBatch.pad(List.of(new TokenizedText(new long[] { 101, 7, 102 }, new long[3], false),
				new TokenizedText(new long[] { 101, 5, 6, 8, 102 }, new long[5], true)));

		assertThat(batch.size()).isEqualTo(2);
		assertThat(batch.width()).isEqualTo(5);
		assertThat(batch.shape()).containsExactly(2, 5);
		assertThat(batch.inputIds()).containsExactly(101, 7, 102, 0, 0, 101, 5, 6, 8, 102);
		assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 0, 0, 1, 1, 1, 1, 1);
		assertThat(batch.tokenTypeIds()).containsOnly(0);
		assertThat(batch.truncated()).containsExactly(false, true);
	}

	@Test
	void shouldNotPadABatchOfEqualLengths() {
		TokenBatch batch = TokenBatch.pad(List.of(new TokenizedText(new long[] { 1, 2 }, new long[2], false),
				new TokenizedText(new long[] { 3, 4 }, new long[2], false)));

		assertThat(batch.width()).isEqualTo(2);
		assertThat(batch.attentionMask()).containsOnly(1);
	}

}
