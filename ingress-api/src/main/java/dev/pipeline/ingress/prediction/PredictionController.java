package dev.pipeline.ingress.prediction;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.DeferredCheck;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.system.WaitPreference;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/models/{model}/predict}: synchronous through Kafka, 200 with the result
 * or 202 with a job when the wait budget runs out.
 */
@RestController
@Tag(name = "Predictions", description = "Synchronous predictions through Kafka")
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
	@Operation(operationId = "predict", summary = "Predict, waiting for the result",
			description = "Answers the result within the wait budget (Prefer: wait=<seconds>), else 202 with the job "
					+ "the request became. One quota unit per instance. With an Idempotency-Key, a retry gets the first "
					+ "request's result, or its job while it runs.")
	@ApiResponse(responseCode = "200", description = "The result",
			content = @Content(schema = @Schema(implementation = PredictionBody.class)))
	@ApiResponse(responseCode = "202", description = "Not back within the wait budget: poll the job",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	@ProblemResponses({ 404, 409, 500 })
	ResponseEntity<PredictionAnswer> predict(@PathVariable String model,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					schema = @Schema(implementation = PredictionRequest.class),
					examples = { @ExampleObject(name = "sentiment", value = PredictionRequest.SENTIMENT_EXAMPLE),
							@ExampleObject(name = "kalman",
									value = PredictionRequest.KALMAN_EXAMPLE) })) @RequestBody PredictionRequest body,
			@Parameter(description = "RFC 7240: wait=<seconds> (capped by ingress.prediction.max-wait) "
					+ "or respond-async") @RequestHeader(name = WaitPreference.PREFER,
							required = false) @Nullable String prefer,
			@Parameter(description = "Same key and body: the first request's result, or its job while it runs; "
					+ "another body: 409") @RequestHeader(name = IdempotencyKey.HEADER,
							required = false) @Nullable String idempotencyKey,
			Caller caller, HttpServletRequest request) {
		WaitPreference preference = this.properties.waitPreference(prefer);
		IdempotencyKey key = IdempotencyKey.of(idempotencyKey, model, body.json());
		PredictionInput input = this.validator.validate(model, body);
		PredictionOutcome outcome = this.predictions.predict(input, RequestIdFilter.ids(request), caller,
				preference.budget(), key);
		// A replay charged nothing, so its rate limit was not decided with a charge.
		DeferredCheck.settle(request);
		return PredictionResponses.of(outcome, preference,
				(answered) -> PredictionBody.of(answered.result(), answered.totalMs()));
	}

}
