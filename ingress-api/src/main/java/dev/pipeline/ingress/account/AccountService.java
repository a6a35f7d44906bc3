package dev.pipeline.ingress.account;

import java.util.UUID;

import dev.pipeline.ingress.account.AccountRequests.AccountChanges;
import dev.pipeline.ingress.account.AccountRequests.NewAccount;
import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.account.AccountViews.CreatedAccount;
import dev.pipeline.ingress.account.AccountViews.IssuedKey;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.Page;
import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts and keys, changes limits, revokes keys; keeps the caches honest. */
@Service
class AccountService {

	private static final Logger log = LoggerFactory.getLogger(AccountService.class);

	/** The lists' names in their cursors. */
	static final String ACCOUNTS = "accounts";

	static final String KEYS = "keys";

	private final AccountRepository accounts;

	private final ApiKeyRepository keys;

	private final AccountDirectory directory;

	private final QuotaUsage quotaUsage;

	private final StringRedisTemplate redis;

	AccountService(AccountRepository accounts, ApiKeyRepository keys, AccountDirectory directory, QuotaUsage quotaUsage,
			StringRedisTemplate redis) {
		this.redis = redis;
		this.accounts = accounts;
		this.keys = keys;
		this.directory = directory;
		this.quotaUsage = quotaUsage;
	}

	@Transactional
	CreatedAccount create(NewAccount request) {
		String id = UUID.randomUUID().toString();
		try {
			this.accounts.insert(id, request.name().trim(), request.quotaLimit(), request.ratePerMinute());
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(HttpStatus.CONFLICT, "account-name-taken", "Account name taken",
					"An account named '" + request.name().trim() + "' exists already.");
		}
		String apiKey = ApiKeys.newKey();
		ApiKeyView key = this.keys.insert(UUID.randomUUID().toString(), id, ApiKeys.hash(apiKey),
				ApiKeys.prefixOf(apiKey));
		Account account = this.accounts.findById(id).orElseThrow();
		return new CreatedAccount(id, account.name(), apiKey, key.id(), key.prefix(), account.quotaLimit(),
				account.quotaUsed(), account.ratePerMinute(), account.createdAt());
	}

	AccountView view(String id) {
		Account account = this.accounts.findById(id).orElseThrow(() -> unknownAccount(id));
		long used = this.quotaUsage.used(id).orElse(account.quotaUsed());
		return new AccountView(account.id(), account.name(), account.quotaLimit(), used,
				Math.max(0, account.quotaLimit() - used), account.ratePerMinute(), account.createdAt(),
				account.updatedAt(), this.keys.findByAccount(id));
	}

	/** A page of all accounts, newest first. */
	Page<Account> list(PageRequest page) {
		return page.page(ACCOUNTS, this.accounts.list(page),
				(account) -> new PageCursor(account.createdAt(), account.id()));
	}

	/** A page of an account's keys, newest first. */
	Page<ApiKeyView> keys(String accountId, PageRequest page) {
		if (this.accounts.findLimits(accountId).isEmpty()) {
			throw unknownAccount(accountId);
		}
		return page.page(KEYS, this.keys.list(accountId, page), (key) -> new PageCursor(key.createdAt(), key.id()));
	}

	AccountView change(String id, AccountChanges changes) {
		String name = changes.name() == null ? null : changes.name().trim();
		try {
			if (!this.accounts.update(id, name, changes.quotaLimit(), changes.ratePerMinute())) {
				throw unknownAccount(id);
			}
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(HttpStatus.CONFLICT, "account-name-taken", "Account name taken",
					"An account named '" + name + "' exists already.");
		}
		this.directory.forgetLimits(id);
		announceChange();
		return view(id);
	}

	IssuedKey issueKey(String accountId) {
		if (this.accounts.findById(accountId).isEmpty()) {
			throw unknownAccount(accountId);
		}
		String apiKey = ApiKeys.newKey();
		ApiKeyView key = this.keys.insert(UUID.randomUUID().toString(), accountId, ApiKeys.hash(apiKey),
				ApiKeys.prefixOf(apiKey));
		return new IssuedKey(key.id(), accountId, key.prefix(), apiKey, key.createdAt());
	}

	void revokeKey(String accountId, String keyId) {
		if (!this.keys.revoke(accountId, keyId) && !this.keys.exists(accountId, keyId)) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "unknown-api-key", "Unknown API key",
					"Account " + accountId + " has no key " + keyId + ".");
		}
		this.directory.forgetKey(keyId);
		announceChange();
	}

	/** Tells the other instances to drop their caches (see {@link AccountDirectory}). */
	private void announceChange() {
		try {
			this.redis.opsForValue().increment(AccountDirectory.VERSION_KEY);
		}
		catch (RuntimeException ex) {
			log.warn("Could not announce an account change through Redis; other instances notice it within"
					+ " the key cache TTL: {}", ex.getMessage());
		}
	}

	private static ApiProblem unknownAccount(String id) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account", "No account " + id + ".");
	}

}
