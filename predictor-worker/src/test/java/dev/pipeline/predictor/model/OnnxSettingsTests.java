package dev.pipeline.predictor.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxSettingsTests {

	@Test
	void shouldDefaultTheTokenBudget() {
		assertThat(settings(256, 0).maxBatchTokens()).isEqualTo(ModelConfig.OnnxSettings.DEFAULT_MAX_BATCH_TOKENS);
	}

	@Test
	void shouldNeverBudgetLessThanOneTextAtTheWindow() {
		// Else a text at the window would run over the budget on its own.
		assertThat(settings(384, 100).maxBatchTokens()).isEqualTo(384);
		assertThat(settings(2048, 0).maxBatchTokens()).isEqualTo(2048);
	}

	@Test
	void shouldKeepAConfiguredBudget() {
		assertThat(settings(256, 1024).maxBatchTokens()).isEqualTo(1024);
	}

	private static ModelConfig.OnnxSettings settings(int maxSequenceLength, int maxBatchTokens) {
		return new ModelConfig.OnnxSettings(null, null, maxSequenceLength, null, null, true, null, List.of(), null,
				maxBatchTokens);
	}

}
