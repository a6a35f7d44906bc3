package dev.pipeline.ingress.webhook;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.ProblemResponses;
import dev.pipeline.ingress.webhook.WebhookSecrets.IssuedSecret;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/account/webhook-secret}: creates or rotates the caller's webhook
 * signing secret and shows it once.
 */
@RestController
@Tag(name = "Webhooks", description = "Signed callbacks with a job's final state")
class WebhookSecretController {

	private final WebhookSecrets secrets;

	WebhookSecretController(WebhookSecrets secrets) {
		this.secrets = secrets;
	}

	@PostMapping("/v1/account/webhook-secret")
	@Operation(operationId = "rotateWebhookSecret", summary = "Create or rotate the account's webhook secret",
			description = "Returns the new secret once; from now on every webhook of the account is signed with it"
					+ " (Standard Webhooks: HMAC-SHA256 over '<Webhook-Id>.<Webhook-Timestamp>.<body>').")
	@ApiResponse(responseCode = "201", description = "The new secret",
			content = @Content(schema = @Schema(implementation = IssuedSecret.class)))
	@ProblemResponses(404)
	ResponseEntity<IssuedSecret> rotate(Caller caller) {
		if (caller.accountId() == null) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "no-account", "No account",
					"The admin token belongs to no account; webhook secrets belong to accounts.");
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.cacheControl(CacheControl.noStore())
			.body(this.secrets.issue(caller.accountId()));
	}

}
