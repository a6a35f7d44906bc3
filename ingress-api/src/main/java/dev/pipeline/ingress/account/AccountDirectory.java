package dev.pipeline.ingress.account;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;

/**
 * Answers "whose key is this?" and "what are this account's limits?" on every request
 * without a database round trip: both answers are cached for
 * {@code ingress.accounts.key-cache-ttl}. Unknown keys are cached too, so repeating a
 * wrong key does not hit PostgreSQL either; they are kept apart from the known keys, so a
 * flood of random keys evicts only other unknown keys, never a valid one.
 *
 * <p>
 * While PostgreSQL is unavailable, known keys and their accounts' limits keep working
 * from the cache for {@code ingress.accounts.key-cache-stale-if-error} past their TTL; a
 * key this instance does not know then fails with the database's exception, which the
 * caller answers 503.
 *
 * <p>
 * Every revocation or limit change bumps the Redis counter {@link #VERSION_KEY}. The rate
 * limit script, which runs on every authenticated request anyway, returns it; when it
 * moved, this instance drops the known keys and limits ({@link #observeVersion}) and the
 * request's key is checked again in PostgreSQL. So a revoked key stops working on every
 * instance with its next request, at no extra round trip ({@link RevokedKeyFilter}).
 * Without Redis the cache TTL is the bound.
 */
@Component
public class AccountDirectory {

	/** Redis counter of changes to keys and limits, read by the rate limit script. */
	public static final String VERSION_KEY = "accounts:version";

	private final AtomicLong seenVersion = new AtomicLong(Long.MIN_VALUE);

	private final ApiKeyRepository keys;

	private final AccountRepository accounts;

	/** Hex SHA-256 of a presented key → the key it is. */
	private final StaleIfErrorCache<String, AuthenticatedKey> knownKeys;

	/** Hex SHA-256 of presented keys that are unknown or revoked. */
	private final Cache<String, Boolean> unknownKeys;

	private final StaleIfErrorCache<String, AccountLimits> limits;

	private final StaleIfErrorCache.Counters keyLookups;

	AccountDirectory(ApiKeyRepository keys, AccountRepository accounts, AccountsProperties properties,
			MeterRegistry meters) {
		this.keys = keys;
		this.accounts = accounts;
		this.keyLookups = StaleIfErrorCache.Counters.register(meters, "pipeline.apikey.lookups",
				"API key lookups; a miss costs a PostgreSQL query, a stale answer is served while PostgreSQL is down");
		this.knownKeys = new StaleIfErrorCache<>("apikeys.known", properties.keyCacheTtl(),
				properties.keyCacheStaleIfError(), properties.keyCacheSize(), this.keyLookups, meters);
		this.unknownKeys = Caffeine.newBuilder()
			.maximumSize(properties.keyCacheSize())
			.expireAfterWrite(properties.keyCacheTtl())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.unknownKeys, "apikeys.unknown");
		this.limits = new StaleIfErrorCache<>(
				"account.limits", properties.keyCacheTtl(), properties.keyCacheStaleIfError(),
				properties.keyCacheSize(), StaleIfErrorCache.Counters.register(meters,
						"pipeline.account.limits.lookups", "Account limit lookups; a miss costs a PostgreSQL query"),
				meters);
	}

	/**
	 * The key a presented API key is, if it is known and not revoked.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL had to be asked
	 * and could not answer
	 */
	Optional<AuthenticatedKey> authenticate(String presentedKey) {
		if (!ApiKeys.isWellFormed(presentedKey)) {
			return Optional.empty();
		}
		byte[] hash = ApiKeys.hash(presentedKey);
		String hex = ApiKeys.hex(hash);
		if (this.unknownKeys.getIfPresent(hex) != null) {
			this.keyLookups.hits().increment();
			return Optional.empty();
		}
		Optional<AuthenticatedKey> key = this.knownKeys.get(hex,
				ignored -> lookUp(ApiKeys.prefixOf(presentedKey), hash));
		if (key.isEmpty()) {
			this.unknownKeys.put(hex, Boolean.TRUE);
		}
		return key;
	}

	/** The limits of an account, cached like keys; empty for an unknown account. */
	public Optional<AccountLimits> limits(String accountId) {
		return this.limits.get(accountId, this.accounts::findLimits);
	}

	/**
	 * Takes note of the accounts version seen in Redis; when it moved since last seen,
	 * the cached keys and limits are dropped ({@link RevokedKeyFilter} then re-checks the
	 * request's key).
	 */
	public void observeVersion(long version) {
		long seen = this.seenVersion.get();
		if (seen != version && this.seenVersion.compareAndSet(seen, version)) {
			// Unknown keys stay unknown: keys are random and never come back from
			// revocation.
			this.knownKeys.clear();
			this.limits.clear();
		}
	}

	/**
	 * The accounts version this instance last saw; a request authenticated under an older
	 * one may carry a key revoked since ({@link RevokedKeyFilter}).
	 */
	long version() {
		return this.seenVersion.get();
	}

	/**
	 * Whether a key is still unrevoked, asked of PostgreSQL (only after a change
	 * elsewhere).
	 */
	boolean isActive(String keyId) {
		return this.keys.isActive(keyId);
	}

	void forgetKey(String keyId) {
		this.knownKeys.invalidateIf(key -> key.keyId().equals(keyId));
	}

	void forgetLimits(String accountId) {
		this.limits.invalidate(accountId);
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
