package dev.pipeline.ingress.account;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

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

	/**
	 * An account in the admin's list: its limits and the usage last synced to PostgreSQL
	 * (live usage, which may be ahead by the sync interval, and the keys are in
	 * {@link AccountView}).
	 */
	record AccountSummary(String id, String name, long quotaLimit, long quotaUsed, int ratePerMinute, Instant createdAt,
			Instant updatedAt) {

		static AccountSummary of(Account account) {
			return new AccountSummary(account.id(), account.name(), account.quotaLimit(), account.quotaUsed(),
					account.ratePerMinute(), account.createdAt(), account.updatedAt());
		}

	}

	/**
	 * A page of {@code GET /v1/admin/accounts}, newest first.
	 *
	 * @param next the cursor of the following page; {@code null} on the last
	 */
	record AccountList(List<AccountSummary> items, @Nullable String next) {
	}

	/**
	 * A page of {@code GET /v1/admin/accounts/{id}/keys}, newest first: prefixes, never
	 * keys or their hashes.
	 *
	 * @param next the cursor of the following page; {@code null} on the last
	 */
	record ApiKeyList(List<ApiKeyView> items, @Nullable String next) {
	}

	/** The answer to account creation: the only time {@code apiKey} is ever shown. */
	record CreatedAccount(String id, String name, String apiKey, String keyId, String keyPrefix, long quotaLimit,
			long quotaUsed, int ratePerMinute, Instant createdAt) {
	}

	/** A newly issued key: the only time {@code apiKey} is ever shown. */
	record IssuedKey(String id, String accountId, String prefix, String apiKey, Instant createdAt) {
	}

}
