package dev.pipeline.ingress.account;

import java.time.Instant;
import java.util.List;

/** Bodies the accounts API answers with. */
final class AccountViews {

	private AccountViews() {
	}

	/**
	 * An account with its limits and live usage. {@code quotaUsed} counts input instances
	 * (one unit each) and includes usage not yet synced to PostgreSQL.
	 */
	record AccountView(String id, String name, long quotaLimit, long quotaUsed, long quotaRemaining, int ratePerMinute,
			Instant createdAt, Instant updatedAt, List<ApiKeyView> keys) {
	}

	/** The answer to account creation: the only time {@code apiKey} is ever shown. */
	record CreatedAccount(String id, String name, String apiKey, String keyId, String keyPrefix, long quotaLimit,
			long quotaUsed, int ratePerMinute, Instant createdAt) {
	}

	/** A newly issued key: the only time {@code apiKey} is ever shown. */
	record IssuedKey(String id, String accountId, String prefix, String apiKey, Instant createdAt) {
	}

}
