package dev.pipeline.ingress.account;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and authentication settings ({@code accounts.*}).
 *
 * @param adminToken the secret of the admin API ({@code X-Admin-Token}); blank disables
 * it
 * @param requireAdminToken refuse to start without an admin token (set by the
 * {@code prod} profile)
 * @param keyCacheTtl how long a key lookup is trusted: the longest a key revoked on
 * another instance keeps working
 * @param keyCacheSize most entries of each cache: known keys, unknown keys, account
 * limits
 * @param keyCacheStaleIfError how much longer than the TTL a known key and its account's
 * limits keep working while PostgreSQL cannot be asked (stale-if-error); past that, 503
 * @param lastUsedFlushInterval how often {@code api_keys.last_used_at} is written, in one
 * batch
 * @param failedAuthenticationsPerMinute refused credentials a client address may send
 * within a minute; after that its requests with credentials are answered 429 until the
 * minute is over
 */
@Validated
@ConfigurationProperties("ingress.accounts")
public record AccountsProperties(@Nullable String adminToken, @DefaultValue("false") boolean requireAdminToken,
		@DefaultValue("30s") @NotNull Duration keyCacheTtl, @DefaultValue("10000") @Min(100) int keyCacheSize,
		@DefaultValue("10m") @NotNull Duration keyCacheStaleIfError,
		@DefaultValue("10s") @NotNull Duration lastUsedFlushInterval,
		@DefaultValue("20") @Min(1) int failedAuthenticationsPerMinute) {

	/**
	 * Shortest admin token accepted: it guards every account, so it must not be
	 * guessable.
	 */
	static final int MIN_ADMIN_TOKEN_LENGTH = 16;

	public boolean hasAdminToken() {
		return this.adminToken != null && !this.adminToken.isBlank();
	}

	@AssertTrue(
			message = "ingress.accounts.admin-token (env INGRESS_ACCOUNTS_ADMIN_TOKEN or PIPELINE_ADMIN_TOKEN) must be set,"
					+ " with at least " + MIN_ADMIN_TOKEN_LENGTH
					+ " characters, when ingress.accounts.require-admin-token is true" + " (the prod profile sets it)")
	public boolean isAdminTokenPresentWhenRequired() {
		return !this.requireAdminToken || (hasAdminToken() && this.adminToken.length() >= MIN_ADMIN_TOKEN_LENGTH);
	}

}
