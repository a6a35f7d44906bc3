/**
 * Accounts and API keys: the admin and self-service endpoints, authentication of every
 * protected request ({@link dev.pipeline.ingress.account.AuthenticationFilter},
 * {@code ProtectedRoutes}) and the cached directory of keys and limits the rate limiter
 * and the quota ledger read. Imports no other feature: quotas and rate limits depend on
 * accounts, and reach back only through interfaces declared here
 * ({@link dev.pipeline.ingress.account.QuotaUsage}). See docs/accounts.md.
 */
@NullMarked
package dev.pipeline.ingress.account;

import org.jspecify.annotations.NullMarked;
