package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limit settings ({@code rate-limit.*}). Per-account limits live on the account
 * ({@code ratePerMinute}); these are the per-address limit and the Redis fallback.
 *
 * @param enabled whether authenticated requests are rate limited at all
 * @param perIpPerMinute requests one client address may make per minute, over all accounts
 * @param trustedProxies addresses or CIDR blocks of reverse proxies whose
 * {@code X-Forwarded-For} is believed; from anyone else the header is ignored
 * @param redisRetryInterval after a Redis failure, how long the local fallback decides alone
 * before Redis is tried again (so an outage does not cost every request a timeout)
 * @param warnInterval at most one warning per interval while Redis is unreachable
 */
@Validated
@ConfigurationProperties("rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("6000") @Min(1) int perIpPerMinute, @DefaultValue List<String> trustedProxies,
		@DefaultValue("5s") @NotNull Duration redisRetryInterval, @DefaultValue("30s") @NotNull Duration warnInterval) {

}
