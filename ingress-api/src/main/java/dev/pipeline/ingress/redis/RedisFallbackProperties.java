package dev.pipeline.ingress.redis;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the per-request decisions (rate limits, quota) treat an unreachable Redis; read by
 * {@link RedisAvailability}. The keys stay under {@code rate-limit.*}, where they were
 * before the Redis plumbing got its own package, so existing configuration keeps working.
 *
 * @param retryInterval after a Redis failure, how long the local fallbacks decide alone
 * before Redis is tried again (so an outage does not cost every request a timeout)
 * @param warnInterval at most one warning per interval while Redis is unreachable
 */
@Validated
@ConfigurationProperties("ingress.redis-fallback")
public record RedisFallbackProperties(@DefaultValue("5s") @NotNull Duration retryInterval,
		@DefaultValue("30s") @NotNull Duration warnInterval) {

}
