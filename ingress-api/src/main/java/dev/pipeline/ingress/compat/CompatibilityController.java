package dev.pipeline.ingress.compat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionOutcome;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.prediction.PredictionService;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The routes of the projects this pipeline replaces, kept so their clients keep working.
 * Each is a thin translation onto the synchronous prediction path: same validation,
 * quota, wait budget and job fallback (202 with a job when the budget runs out).
 */
@RestController
class CompatibilityController {

	private static final String SENTIMENT = "sentiment";

	private static final String KALMAN = "kalman";

	private final InstanceValidator validator;

	private final PredictionService predictions;

	private final PredictionProperties properties;

	CompatibilityController(InstanceValidator validator, PredictionService predictions,
			PredictionProperties properties) {
		this.validator = validator;
		this.predictions = predictions;
		this.properties = properties;
	}

	/** {@code {"text": "..."}} → {@code {"label", "confidence", "id"}}. */
	@PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> predictSentiment(@RequestBody JsonNode body, Caller caller, HttpServletRequest request) {
		PredictionOutcome outcome = predict(SENTIMENT, "text", body.path("text"), MissingNode.getInstance(), caller,
				request);
		if (outcome.queued()) {
			return accepted(outcome.ticket());
		}
		String id = outcome.id();
		JsonNode output = firstOutput(outcome.result());
		return ResponseEntity
			.ok(new SentimentAnswer(output.path("label").asString(""), output.path("score").doubleValue(0), id));
	}

	/** {@code {"results": [numbers]}} → {@code {"processed_results", "input_data"}}. */
	@PostMapping(path = "/api/v1/{accountId}/kalman", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> filterSeries(@PathVariable String accountId, @RequestBody JsonNode body, Caller caller,
			HttpServletRequest request) {
		if (!caller.mayActFor(accountId)) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "account-mismatch", "Not your account",
					"The API key does not belong to account '" + accountId + "'.");
		}
		JsonNode series = body.path("results");
		// Noise settings of the old Kalman API may ride along as "parameters"; the old
		// API
		// ignored anything else there, and so does this route.
		JsonNode parameters = body.path("parameters").isObject() ? body.path("parameters") : MissingNode.getInstance();
		PredictionOutcome outcome = predict(KALMAN, "results", series, parameters, caller, request);
		if (outcome.queued()) {
			return accepted(outcome.ticket());
		}
		return ResponseEntity.ok(new KalmanAnswer(filtered(firstOutput(outcome.result())), series));
	}

	/**
	 * Predicts the one instance the client sent as {@code field}, by the rules of the v1
	 * routes.
	 */
	private PredictionOutcome predict(String model, String field, JsonNode instance, JsonNode parameters, Caller caller,
			HttpServletRequest request) {
		PredictionInput input = this.validator.validateOne(model, field, instance, parameters);
		return this.predictions.predict(input, RequestIdFilter.ids(request), caller, this.properties.defaultWait());
	}

	private static JsonNode firstOutput(@Nullable InferenceResult result) {
		List<JsonNode> outputs = (result != null) ? result.outputs() : null;
		if (outputs == null || outputs.isEmpty()) {
			throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "inference-failed", "Inference failed",
					"The worker answered without an output.");
		}
		return outputs.get(0);
	}

	/**
	 * The kalman model's output for one series: the filtered estimates, either as the
	 * array itself or under {@code estimates} (see docs/api.md).
	 */
	private static JsonNode filtered(JsonNode output) {
		if (output.isArray()) {
			return output;
		}
		for (String name : List.of("estimates", "processed_results", "filtered", "values")) {
			if (output.path(name).isArray()) {
				return output.path(name);
			}
		}
		throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "inference-failed", "Inference failed",
				"The kalman model answered in an unexpected shape.");
	}

	private static ResponseEntity<Object> accepted(JobTicket ticket) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, ticket.location()).body(ticket);
	}

	record SentimentAnswer(String label, double confidence, String id) {
	}

	record KalmanAnswer(@JsonProperty("processed_results") JsonNode processedResults,
			@JsonProperty("input_data") JsonNode inputData) {
	}

}
