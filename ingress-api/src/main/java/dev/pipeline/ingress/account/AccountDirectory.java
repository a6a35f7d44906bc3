package dev.pipeline.ingress.account;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Answers "whose key is this?" and "what are this account's limits?" on every request without a
 * database round trip: both answers are cached for {@code accounts.key-cache-ttl}. Unknown keys
 * are cached too, so repeating a wrong key does not hit PostgreSQL either.
 *
 * <p>Every revocation or limit change bumps the Redis counter {@link #VERSION_KEY}. The rate
 * limit script, which runs on every authenticated request anyway, returns it; when it moved, this
 * instance drops both caches ({@link #observeVersion}) and the request's key is checked again in
 * PostgreSQL. So a revoked key stops working on every instance with its next request, at no extra
 * round trip. Without Redis the cache TTL is the bound.
 */
@Component
public class AccountDirectory {

	/** Redis counter of changes to keys and limits, read by the rate limit script. */
	public static final String VERSION_KEY = "accounts:version";

	private final AtomicLong seenVersion = new AtomicLong(Long.MIN_VALUE);

	private final ApiKeyRepository keys;

	private final AccountRepository accounts;

	private final ExpiringCache<String, Optional<AuthenticatedKey>> keyCache;

	private final ExpiringCache<String, Optional<AccountLimits>> limitsCache;

	private final Counter cacheHits;

	private final Counter cacheMisses;

	AccountDirectory(ApiKeyRepository keys, AccountRepository accounts, AccountsProperties properties,
			MeterRegistry meters) {
		this.keys = keys;
		this.accounts = accounts;
		this.cacheHits = lookups(meters, "hit");
		this.cacheMisses = lookups(meters, "miss");
		this.keyCache = new ExpiringCache<>(properties.keyCacheTtl(), properties.keyCacheSize());
		this.limitsCache = new ExpiringCache<>(properties.keyCacheTtl(), properties.keyCacheSize());
	}

	Optional<AuthenticatedKey> authenticate(String presentedKey) {
		if (!ApiKeys.isWellFormed(presentedKey)) {
			return Optional.empty();
		}
		byte[] hash = ApiKeys.hash(presentedKey);
		boolean[] loaded = { false };
		Optional<AuthenticatedKey> key = this.keyCache.get(ApiKeys.hex(hash), ignored -> {
			loaded[0] = true;
			return lookUp(ApiKeys.prefixOf(presentedKey), hash);
		});
		(loaded[0] ? this.cacheMisses : this.cacheHits).increment();
		return key;
	}

	/** The limits of an account, cached like keys; empty for an unknown account. */
	public Optional<AccountLimits> limits(String accountId) {
		return this.limitsCache.get(accountId, this.accounts::findLimits);
	}

	/**
	 * Takes note of the accounts version seen in Redis.
	 * @return whether it moved since last seen (the caches were dropped; re-check the request's key)
	 */
	public boolean observeVersion(long version) {
		long seen = this.seenVersion.get();
		if (seen == version) {
			return false;
		}
		if (this.seenVersion.compareAndSet(seen, version)) {
			this.keyCache.clear();
			this.limitsCache.clear();
		}
		return true;
	}

	/** Whether a key is still unrevoked, asked of PostgreSQL (only after a change elsewhere). */
	public boolean isActive(String keyId) {
		return this.keys.isActive(keyId);
	}

	void forgetKey(String keyId) {
		this.keyCache.invalidateIf(entry -> entry.map(key -> key.keyId().equals(keyId)).orElse(false));
	}

	void forgetLimits(String accountId) {
		this.limitsCache.invalidate(accountId);
	}

	private static Counter lookups(MeterRegistry meters, String result) {
		return Counter.builder("pipeline.apikey.lookups")
			.description("API key lookups; a miss costs a PostgreSQL query")
			.tag("result", result)
			.register(meters);
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
