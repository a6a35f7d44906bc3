/**
 * Rate limits: per account and per client address, one GCRA script in Redis shared by all
 * instances, a per-instance {@code LocalRateLimiter} while Redis is unreachable, the
 * {@code RateLimit-*} response headers, and the per-address limit on refused credentials.
 * See docs/accounts.md.
 */
@NullMarked
package dev.pipeline.ingress.ratelimit;

import org.jspecify.annotations.NullMarked;
