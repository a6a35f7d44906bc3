package dev.pipeline.ingress.account;

import java.net.URI;

import dev.pipeline.ingress.account.AccountRequests.AccountChanges;
import dev.pipeline.ingress.account.AccountRequests.NewAccount;
import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.account.AccountViews.CreatedAccount;
import dev.pipeline.ingress.account.AccountViews.IssuedKey;
import dev.pipeline.ingress.system.ApiProblem;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of accounts and keys. {@link AuthenticationFilter} admits only the admin
 * token here, and {@link #requireAdmin} checks the {@link Caller} again before any
 * handler runs, so the admin API does not depend on the filter classifying its path
 * right.
 */
@RestController
@RequestMapping("/v1/admin/accounts")
class AdminAccountController {

	private final AccountService service;

	AdminAccountController(AccountService service) {
		this.service = service;
	}

	/**
	 * Runs before every handler of this controller, before a request body is even read.
	 */
	@ModelAttribute
	void requireAdmin(Caller caller) {
		if (!caller.admin()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-only", "Admin only",
					"This endpoint needs the admin token (X-Admin-Token); an API key is not enough.");
		}
	}

	@PostMapping
	ResponseEntity<CreatedAccount> create(@Valid @RequestBody NewAccount request) {
		CreatedAccount created = this.service.create(request);
		return ResponseEntity.created(URI.create("/v1/admin/accounts/" + created.id())).body(created);
	}

	@GetMapping("/{id}")
	AccountView get(@PathVariable String id) {
		return this.service.view(id);
	}

	@PatchMapping("/{id}")
	AccountView change(@PathVariable String id, @Valid @RequestBody AccountChanges changes) {
		return this.service.change(id, changes);
	}

	@PostMapping("/{id}/keys")
	ResponseEntity<IssuedKey> issueKey(@PathVariable String id) {
		IssuedKey key = this.service.issueKey(id);
		return ResponseEntity.created(URI.create("/v1/admin/accounts/" + id + "/keys/" + key.id())).body(key);
	}

	@DeleteMapping("/{id}/keys/{keyId}")
	ResponseEntity<Void> revokeKey(@PathVariable String id, @PathVariable String keyId) {
		this.service.revokeKey(id, keyId);
		return ResponseEntity.noContent().build();
	}

}
