package dev.pipeline.ingress.account;

import java.util.OptionalLong;

/**
 * Where an account's live quota usage comes from, for the account views. Declared here
 * and implemented by {@code quota.QuotaLedger}, because quotas are charged against
 * accounts: the quota package depends on this one, never the other way round.
 */
@FunctionalInterface
public interface QuotaUsage {

	/**
	 * The account's usage including charges not yet synced to
	 * {@code accounts.quota_used}, or empty when only that column can answer (no live
	 * counter, or its store unreachable).
	 */
	OptionalLong used(String accountId);

}
