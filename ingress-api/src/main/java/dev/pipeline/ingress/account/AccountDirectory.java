package dev.pipeline.ingress.account;

import java.security.MessageDigest;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Answers "whose key is this?" and "what are this account's limits?" on every request without a
 * database round trip: both answers are cached for {@code accounts.key-cache-ttl}. Unknown keys
 * are cached too, so repeating a wrong key does not hit PostgreSQL either.
 *
 * <p>A revoked key stops working at once on the instance that revoked it (the entry is dropped)
 * and within the cache TTL on every other instance; changed limits likewise.
 */
@Component
public class AccountDirectory {

	private final ApiKeyRepository keys;

	private final AccountRepository accounts;

	private final ExpiringCache<String, Optional<AuthenticatedKey>> keyCache;

	private final ExpiringCache<String, Optional<AccountLimits>> limitsCache;

	AccountDirectory(ApiKeyRepository keys, AccountRepository accounts, AccountsProperties properties) {
		this.keys = keys;
		this.accounts = accounts;
		this.keyCache = new ExpiringCache<>(properties.keyCacheTtl(), properties.keyCacheSize());
		this.limitsCache = new ExpiringCache<>(properties.keyCacheTtl(), properties.keyCacheSize());
	}

	Optional<AuthenticatedKey> authenticate(String presentedKey) {
		if (!ApiKeys.isWellFormed(presentedKey)) {
			return Optional.empty();
		}
		byte[] hash = ApiKeys.hash(presentedKey);
		return this.keyCache.get(ApiKeys.hex(hash), ignored -> lookUp(ApiKeys.prefixOf(presentedKey), hash));
	}

	/** The limits of an account, cached like keys; empty for an unknown account. */
	public Optional<AccountLimits> limits(String accountId) {
		return this.limitsCache.get(accountId, this.accounts::findLimits);
	}

	void forgetKey(String keyId) {
		this.keyCache.invalidateIf(entry -> entry.map(key -> key.keyId().equals(keyId)).orElse(false));
	}

	void forgetLimits(String accountId) {
		this.limitsCache.invalidate(accountId);
	}

	private Optional<AuthenticatedKey> lookUp(String prefix, byte[] hash) {
		// The prefix narrows the rows; the hash comparison itself takes constant time.
		for (ApiKeyRepository.StoredKey candidate : this.keys.findByPrefix(prefix)) {
			if (MessageDigest.isEqual(candidate.hash(), hash)) {
				return candidate.revoked() ? Optional.empty()
						: Optional.of(new AuthenticatedKey(candidate.id(), candidate.accountId()));
			}
		}
		return Optional.empty();
	}

}
