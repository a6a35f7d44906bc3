package dev.pipeline.ingress.prediction;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.DeferredCheck;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.system.WaitPreference;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/models/{model}/predict}: synchronous through Kafka, 200 with the result
 * or 202 with a job when the wait budget runs out.
 */
@RestController
class PredictionController {

	private final InstanceValidator validator;

	private final PredictionService predictions;

	private final PredictionProperties properties;

	PredictionController(InstanceValidator validator, PredictionService predictions, PredictionProperties properties) {
		this.validator = validator;
		this.predictions = predictions;
		this.properties = properties;
	}

	@PostMapping(path = "/v1/models/{model}/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> predict(@PathVariable String model, @RequestBody JsonNode body,
			@RequestHeader(name = WaitPreference.PREFER, required = false) @Nullable String prefer,
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) @Nullable String idempotencyKey,
			Caller caller, HttpServletRequest request) {
		WaitPreference preference = WaitPreference.of(prefer, this.properties.defaultWait(), this.properties.maxWait());
		IdempotencyKey key = IdempotencyKey.of(idempotencyKey, model, body);
		PredictionInput input = this.validator.validate(model, body);
		PredictionOutcome outcome = this.predictions.predict(input, RequestIdFilter.ids(request), caller,
				preference.budget(), key);
		// A replay charged nothing, so its rate limit was not decided with a charge.
		DeferredCheck.settle(request);
		HttpHeaders headers = new HttpHeaders();
		if (preference.applied() != null) {
			headers.set(WaitPreference.PREFERENCE_APPLIED, preference.applied());
		}
		if (outcome.queued()) {
			JobTicket ticket = outcome.ticket();
			headers.set(HttpHeaders.LOCATION, ticket.location());
			if (outcome.replayed()) {
				headers.set(IdempotencyKey.REPLAYED_HEADER, "true");
			}
			return ResponseEntity.status(HttpStatus.ACCEPTED).headers(headers).body(ticket);
		}
		return ResponseEntity.ok().headers(headers).body(PredictionBody.of(outcome.result(), outcome.totalMs()));
	}

}
