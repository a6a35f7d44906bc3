package dev.pipeline.predictor.onnx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeanPoolingTests {

	@Test
	void shouldAverageOnlyTheTokensTheMaskMarks() {
		// batch 2, tokens 3, dims 2; the second text's last token is padding with a huge
		// value.
		float[] hidden = { 1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 1000, 1000 };
		long[] mask = { 1, 1, 1, 1, 1, 0 };

		float[][] pooled = MeanPooling.pool(hidden, mask, 2, 3, 2);

		assertThat(pooled[0]).containsExactly(3, 4);
		assertThat(pooled[1]).containsExactly(20, 30);
	}

	@Test
	void shouldScaleRowsToUnitLength() {
		float[][] rows = MeanPooling.normalize(new float[][] { { 3, 4 }, { 0, 0 } });

		assertThat(rows[0][0]).isCloseTo(0.6f, within(1e-6f));
		assertThat(rows[0][1]).isCloseTo(0.8f, within(1e-6f));
		assertThat(rows[1]).containsExactly(0, 0);
	}

	@Test
	void shouldGiveAProbabilityFromTheLogisticHead() {
		LogisticHead head = new LogisticHead(java.util.List.of("negative", "positive"), new double[] { 2, -1 }, 0.5,
				null);
		// z = 2*1 - 1*2 + 0.5 = 0.5
		assertThat(head.probability(new float[] { 1, 2 })).isCloseTo(1 / (1 + Math.exp(-0.5)), within(1e-12));
	}

}
