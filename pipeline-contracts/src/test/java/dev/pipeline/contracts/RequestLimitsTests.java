package dev.pipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestLimitsTests {

	@Test
	void shouldTakeTheDefaultForEveryLimitNotConfigured() {
		assertThat(RequestLimits.withDefaults(null, null, null, null, null, null)).isEqualTo(RequestLimits.DEFAULTS);
		assertThat(RequestLimits.withDefaults(8, null, null, null, null, 0))
			.isEqualTo(new RequestLimits(8, 10_000, 200_000, 10_000, 20_000, 0));
	}

	@Test
	void shouldRefuseATotalBelowItsPerInstanceLimit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RequestLimits.withDefaults(null, null, null, 30_000, null, null));
	}

}
