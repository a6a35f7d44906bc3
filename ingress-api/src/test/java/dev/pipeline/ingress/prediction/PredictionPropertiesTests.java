package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.RequestLimits;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code ingress.prediction.limits.*} binds: unset limits are the ones the worker
 * enforces too.
 */
class PredictionPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Settings.class);

	@Test
	void shouldUseTheSharedLimitsWhenNoneAreConfigured() {
		this.contexts.run(context -> assertThat(context.getBean(PredictionProperties.class).limits().requestLimits())
			.isEqualTo(RequestLimits.DEFAULTS));
	}

	@Test
	void shouldTakeTheSharedDefaultForEachLimitLeftUnset() {
		this.contexts
			.withPropertyValues("ingress.prediction.limits.max-series-length=500",
					"ingress.prediction.limits.max-total-points=1000")
			.run(context -> {
				RequestLimits limits = context.getBean(PredictionProperties.class).limits().requestLimits();
				assertThat(limits.maxSeriesLength()).isEqualTo(500);
				assertThat(limits.maxTotalPoints()).isEqualTo(1000);
				assertThat(limits.maxInstances()).isEqualTo(RequestLimits.DEFAULTS.maxInstances());
				assertThat(limits.maxTextLength()).isEqualTo(RequestLimits.DEFAULTS.maxTextLength());
			});
	}

	@Test
	void shouldRefuseToStartWithATotalBelowItsPerInstanceLimit() {
		this.contexts.withPropertyValues("ingress.prediction.limits.max-series-length=30000")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("limits.consistent"));
	}

	@Test
	void shouldRefuseToStartWithANonPositiveLimit() {
		this.contexts.withPropertyValues("ingress.prediction.limits.max-instances=0")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("limits.maxInstances"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PredictionProperties.class)
	static class Settings {

	}

}
