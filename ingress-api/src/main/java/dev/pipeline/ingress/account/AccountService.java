package dev.pipeline.ingress.account;

import java.util.Optional;
import java.util.UUID;

import dev.pipeline.ingress.account.AccountRequests.AccountChanges;
import dev.pipeline.ingress.account.AccountRequests.NewAccount;
import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.account.AccountViews.CreatedAccount;
import dev.pipeline.ingress.account.AccountViews.IssuedKey;
import dev.pipeline.ingress.quota.QuotaLedger;
import dev.pipeline.ingress.system.ApiProblem;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts and keys, changes limits, revokes keys; keeps the caches honest. */
@Service
class AccountService {

	private final AccountRepository accounts;

	private final ApiKeyRepository keys;

	private final AccountDirectory directory;

	private final QuotaLedger ledger;

	AccountService(AccountRepository accounts, ApiKeyRepository keys, AccountDirectory directory,
			QuotaLedger ledger) {
		this.accounts = accounts;
		this.keys = keys;
		this.directory = directory;
		this.ledger = ledger;
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
		long used = this.ledger.used(id).orElse(account.quotaUsed());
		return new AccountView(account.id(), account.name(), account.quotaLimit(), used,
				Math.max(0, account.quotaLimit() - used), account.ratePerMinute(), account.createdAt(),
				account.updatedAt(), this.keys.findByAccount(id));
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
		// Immediate here; other instances drop it when their cache entry expires.
		this.directory.forgetKey(keyId);
	}

	Optional<Account> find(String id) {
		return this.accounts.findById(id);
	}

	private static ApiProblem unknownAccount(String id) {
		return new ApiProblem(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account", "No account " + id + ".");
	}

}
