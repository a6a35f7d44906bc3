package dev.pipeline.ingress.redis;

import java.time.Duration;

import dev.pipeline.ingress.ratelimit.RateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis fallback settings (shared by rate limits and quotas) have their own keys
 * under {@code ingress.redis-fallback}, next to, not inside, {@link RateLimitProperties}.
 */
class RedisFallbackPropertiesTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void shouldKeepTheDefaults() {
		this.contexts.run(context -> {
			RedisFallbackProperties properties = context.getBean(RedisFallbackProperties.class);
			assertThat(properties.retryInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.warnInterval()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void shouldReadItsOwnKeysBesideTheRateLimitSettings() {
		this.contexts
			.withPropertyValues("ingress.redis-fallback.retry-interval=2s", "ingress.redis-fallback.warn-interval=1m",
					"ingress.rate-limit.per-ip-per-minute=10")
			.run(context -> {
				RedisFallbackProperties properties = context.getBean(RedisFallbackProperties.class);
				assertThat(properties.retryInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.warnInterval()).isEqualTo(Duration.ofMinutes(1));
				assertThat(context.getBean(RateLimitProperties.class).perIpPerMinute()).isEqualTo(10);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ RedisFallbackProperties.class, RateLimitProperties.class })
	static class Settings {

	}

}
