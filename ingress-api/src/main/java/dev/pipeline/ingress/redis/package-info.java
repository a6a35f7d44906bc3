/**
 * Redis plumbing shared by the features that use Redis (rate limits, quotas, analysis
 * reports): the Lettuce client options, the loading of the Lua scripts in
 * {@code classpath:scripts/}, and {@link dev.pipeline.ingress.redis.RedisAvailability},
 * the circuit breaker in front of Redis for the per-request decisions. The features keep
 * their own scripts, keys and fallbacks; this package imports none of them.
 */
@NullMarked
package dev.pipeline.ingress.redis;

import org.jspecify.annotations.NullMarked;
