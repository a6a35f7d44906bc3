package dev.pipeline.predictor.sentiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogisticRegressionTests {

	@Test
	void shouldSeparateLinearlySeparableData() {
		float[][] x = { { 1, 0 }, { 0.9f, 0.1f }, { 0.8f, -0.1f }, { -1, 0 }, { -0.9f, 0.2f }, { -0.7f, -0.2f } };
		int[] y = { 1, 1, 1, 0, 0, 0 };

		double[] theta = LogisticRegression.fit(x, y, 10);

		assertThat(LogisticRegression.accuracy(x, y, theta)).isEqualTo(1.0);
		assertThat(theta[0]).isPositive();
	}

	@Test
	void shouldReachAStationaryPointOfTheRegularisedObjective() {
		float[][] x = { { 1, 2 }, { 2, 1 }, { -1, 0.5f }, { 0.5f, -1 }, { 0, 0 }, { 1, 1 } };
		int[] y = { 1, 0, 0, 1, 1, 0 };

		double[] theta = LogisticRegression.fit(x, y, 1);

		// Nudging any coordinate must not lower the objective.
		double best = LogisticRegression.objective(x, y, 1, theta);
		for (int i = 0; i < theta.length; i++) {
			for (double delta : new double[] { 1e-4, -1e-4 }) {
				double[] moved = theta.clone();
				moved[i] += delta;
				assertThat(LogisticRegression.objective(x, y, 1, moved)).isGreaterThanOrEqualTo(best - 1e-12);
			}
		}
	}

	@Test
	void shouldSolveASymmetricPositiveDefiniteSystem() {
		double[][] a = { { 4, 0 }, { 2, 3 } };
		double[] solution = LogisticRegression.choleskySolve(a, new double[] { 8, 7 });
		// [[4,2],[2,3]] x = [8,7] -> x = [1.25, 1.5]
		assertThat(solution[0]).isCloseTo(1.25, within(1e-12));
		assertThat(solution[1]).isCloseTo(1.5, within(1e-12));
	}

}
