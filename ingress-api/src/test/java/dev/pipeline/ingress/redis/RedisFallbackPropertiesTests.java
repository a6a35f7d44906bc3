package dev.pipeline.ingress.redis;

import java.time.Duration;

import dev.pipeline.ingress.ratelimit.RateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback settings moved from {@link RateLimitProperties} to their own record; the
 * keys an operator sets did not move.
 */
class RedisFallbackPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void shouldKeepTheDefaults() {
		this.contexts.run(context -> {
			RedisFallbackProperties properties = context.getBean(RedisFallbackProperties.class);
			assertThat(properties.redisRetryInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.warnInterval()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void shouldReadTheKeysUnderRateLimitBesideTheRateLimitSettings() {
		this.contexts
			.withPropertyValues("rate-limit.redis-retry-interval=2s", "rate-limit.warn-interval=1m",
					"rate-limit.per-ip-per-minute=10")
			.run(context -> {
				RedisFallbackProperties properties = context.getBean(RedisFallbackProperties.class);
				assertThat(properties.redisRetryInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.warnInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(context.getBean(RateLimitProperties.class).perIpPerMinute()).isEqualTo(10);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ RedisFallbackProperties.class, RateLimitProperties.class })
	static class Settings {

	}

}
