package dev.pipeline.predictor.worker;

import dev.pipeline.contracts.RequestLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PredictorLimitsPropertiesTests {

	@Test
	void shouldKeepTheContractsDefaultsWhenNothingIsConfigured() {
		assertThat(new PredictorLimitsProperties(null, null, null, null, null, null).requestLimits())
			.isEqualTo(RequestLimits.DEFAULTS);
	}

	@Test
	void shouldChangeOnlyTheConfiguredLimits() {
		RequestLimits limits = new PredictorLimitsProperties(null, null, null, 50_000, 100_000, null).requestLimits();

		assertThat(limits.maxSeriesLength()).isEqualTo(50_000);
		assertThat(limits.maxTotalPoints()).isEqualTo(100_000);
		assertThat(limits.maxInstances()).isEqualTo(RequestLimits.DEFAULTS.maxInstances());
	}

	@Test
	void shouldRefuseLimitsThatContradictEachOther() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PredictorLimitsProperties(null, null, null, 50_000, null, null).requestLimits());
	}

}
