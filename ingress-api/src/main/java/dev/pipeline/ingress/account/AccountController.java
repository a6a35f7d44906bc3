package dev.pipeline.ingress.account;

import dev.pipeline.ingress.account.AccountViews.AccountView;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/account}: the caller's own limits, usage and keys. */
@RestController
class AccountController {

	private final AccountService service;

	AccountController(AccountService service) {
		this.service = service;
	}

	@GetMapping("/v1/account")
	AccountView current(@RequestAttribute(name = Caller.ATTRIBUTE, required = false) @Nullable Caller caller) {
		if (caller == null || caller.accountId() == null) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "no-account", "No account",
					"This request belongs to no account (admin token, or authentication is off);"
							+ " use GET /v1/admin/accounts/{id}.");
		}
		return this.service.view(caller.accountId());
	}

}
