package dev.pipeline.ingress.ratelimit;

import java.util.List;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limit settings ({@code rate-limit.*}). Per-account limits live on the account
 * ({@code ratePerMinute}); these are the per-address limit and its trusted proxies. How
 * long the fallback decides alone after a Redis failure is set under the same prefix but
 * read by {@link dev.pipeline.ingress.redis.RedisFallbackProperties}, as quotas share it.
 *
 * @param enabled whether authenticated requests are rate limited at all
 * @param perIpPerMinute requests one client address may make per minute, over all
 * accounts
 * @param trustedProxies addresses or CIDR blocks of reverse proxies whose
 * {@code X-Forwarded-For} is believed; from anyone else the header is ignored
 */
@Validated
@ConfigurationProperties("ingress.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("6000") @Min(1) int perIpPerMinute, @DefaultValue List<String> trustedProxies) {

}
