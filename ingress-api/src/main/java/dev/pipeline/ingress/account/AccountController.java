package dev.pipeline.ingress.account;

import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.system.ApiProblem;

import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/account}: the caller's own limits, usage and keys. */
@RestController
@Tag(name = "Account", description = "The caller's own account")
class AccountController {

	private final AccountService service;

	AccountController(AccountService service) {
		this.service = service;
	}

	@GetMapping("/v1/account")
	@Operation(operationId = "getAccount", summary = "The caller's limits, usage and keys")
	@ProblemResponses(404)
	AccountView current(Caller caller) {
		if (caller.accountId() == null) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "no-account", "No account",
					"The admin token belongs to no account; use GET /v1/admin/accounts/{id}.");
		}
		return this.service.view(caller.accountId());
	}

}
