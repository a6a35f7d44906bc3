package dev.pipeline.ingress.ratelimit;

import java.time.Duration;

/**
 * One limit applied to a request: {@code limit} requests per {@code window} for the
 * partition {@code key} (an account or a client address). {@code name} is the policy's
 * name in the {@code RateLimit-Policy} and {@code RateLimit} header fields.
 */
public record RateLimitPolicy(String name, String key, int limit, Duration window) {

}
