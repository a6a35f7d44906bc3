package dev.pipeline.ingress.account;

import java.net.URI;

import dev.pipeline.ingress.account.AccountRequests.AccountChanges;
import dev.pipeline.ingress.account.AccountRequests.NewAccount;
import dev.pipeline.ingress.account.AccountViews.AccountList;
import dev.pipeline.ingress.account.AccountViews.AccountSummary;
import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.account.AccountViews.ApiKeyList;
import dev.pipeline.ingress.account.AccountViews.CreatedAccount;
import dev.pipeline.ingress.account.AccountViews.IssuedKey;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.PageRequest;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of accounts and keys. {@link AuthenticationFilter} admits only the admin
 * token here, and {@link #requireAdmin} checks the {@link Caller} again before any
 * handler runs, so the admin API does not depend on the filter classifying its path
 * right.
 */
@RestController
@RequestMapping("/v1/admin/accounts")
@Tag(name = "Admin: accounts", description = "Accounts and API keys (admin token only)")
@SecurityRequirement(name = "adminToken")
class AdminAccountController {

	private static final String LIMIT = "Rows per page, 1 to 500 (default 50)";

	private static final String CURSOR = "The 'next' of the previous page";

	private static final String NEXT_LINK = "<...>; rel=\"next\" when another page follows";

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
	@Operation(operationId = "createAccount", summary = "Create an account and its first API key")
	@ApiResponse(responseCode = "201", description = "Created; apiKey is shown this once",
			content = @Content(schema = @Schema(implementation = CreatedAccount.class)))
	@ProblemResponses(409)
	ResponseEntity<CreatedAccount> create(@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = NewAccount.class), examples = @ExampleObject(
					name = "account",
					value = "{\"name\": \"acme\", \"quotaLimit\": 500, \"ratePerMinute\": 60}"))) @Valid @RequestBody NewAccount request) {
		CreatedAccount created = this.service.create(request);
		return ResponseEntity.created(URI.create("/v1/admin/accounts/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(operationId = "listAccounts", summary = "All accounts, newest first, a page at a time",
			description = "Keyset pagination: follow 'next' (or the Link header) until it is absent.")
	@ApiResponse(responseCode = "200", description = "One page",
			headers = @Header(name = HttpHeaders.LINK, description = NEXT_LINK),
			content = @Content(schema = @Schema(implementation = AccountList.class)))
	ResponseEntity<AccountList> list(
			@Parameter(description = LIMIT) @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = CURSOR) @RequestParam(required = false) @Nullable String cursor,
			HttpServletRequest request) {
		return this.service.list(PageRequest.of(AccountService.ACCOUNTS, limit, cursor))
			.respond(request,
					(accounts, next) -> new AccountList(accounts.stream().map(AccountSummary::of).toList(), next));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getAccountById", summary = "An account's limits, usage and keys")
	@ProblemResponses(404)
	AccountView get(@PathVariable String id) {
		return this.service.view(id);
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "changeAccount", summary = "Change an account's name or limits")
	@ProblemResponses({ 404, 409 })
	AccountView change(@PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(schema = @Schema(implementation = AccountChanges.class), examples = @ExampleObject(
					name = "limits",
					value = "{\"quotaLimit\": 1000, \"ratePerMinute\": 120}"))) @Valid @RequestBody AccountChanges changes) {
		return this.service.change(id, changes);
	}

	@PostMapping("/{id}/keys")
	@Operation(operationId = "issueKey", summary = "Issue another API key")
	@ApiResponse(responseCode = "201", description = "Issued; apiKey is shown this once",
			content = @Content(schema = @Schema(implementation = IssuedKey.class)))
	@ProblemResponses(404)
	ResponseEntity<IssuedKey> issueKey(@PathVariable String id) {
		IssuedKey key = this.service.issueKey(id);
		return ResponseEntity.created(URI.create("/v1/admin/accounts/" + id + "/keys/" + key.id())).body(key);
	}

	@GetMapping("/{id}/keys")
	@Operation(operationId = "listKeys", summary = "An account's API keys, newest first, a page at a time",
			description = "Prefixes and times only: a key is shown once, when it is issued, and its hash never.")
	@ApiResponse(responseCode = "200", description = "One page",
			headers = @Header(name = HttpHeaders.LINK, description = NEXT_LINK),
			content = @Content(schema = @Schema(implementation = ApiKeyList.class)))
	@ProblemResponses(404)
	ResponseEntity<ApiKeyList> listKeys(@PathVariable String id,
			@Parameter(description = LIMIT) @RequestParam(required = false) @Nullable Integer limit,
			@Parameter(description = CURSOR) @RequestParam(required = false) @Nullable String cursor,
			HttpServletRequest request) {
		return this.service.keys(id, PageRequest.of(AccountService.KEYS, limit, cursor))
			.respond(request, ApiKeyList::new);
	}

	@DeleteMapping("/{id}/keys/{keyId}")
	@Operation(operationId = "revokeKey", summary = "Revoke an API key")
	@ApiResponse(responseCode = "204", description = "Revoked")
	@ProblemResponses(404)
	ResponseEntity<Void> revokeKey(@PathVariable String id, @PathVariable String keyId) {
		this.service.revokeKey(id, keyId);
		return ResponseEntity.noContent().build();
	}

}
