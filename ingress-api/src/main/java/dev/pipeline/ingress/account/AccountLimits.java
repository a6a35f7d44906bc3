package dev.pipeline.ingress.account;

/**
 * What the rate limiter and the quota ledger need to know about an account on every
 * request, served from {@link AccountDirectory}'s cache.
 */
public record AccountLimits(String accountId, long quotaLimit, int ratePerMinute) {

}
