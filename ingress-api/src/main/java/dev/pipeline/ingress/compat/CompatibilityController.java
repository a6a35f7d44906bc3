package dev.pipeline.ingress.compat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.BodyAsSent;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionOutcome;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.prediction.PredictionResponses;
import dev.pipeline.ingress.prediction.PredictionService;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.system.WaitPreference;
import dev.pipeline.ingress.prediction.PredictionAnswer;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.node.MissingNode;

/**
 * The routes of the projects this pipeline replaces, kept so their clients keep working.
 * Each is a thin translation onto the synchronous prediction path: same validation,
 * quota, wait budget ({@code Prefer: wait} or {@code respond-async}, which the old routes
 * did not know) and job fallback (202 with a job when the budget runs out).
 */
@RestController
@Tag(name = "Compatibility", description = "Routes of the projects this pipeline replaces")
class CompatibilityController {

	private static final String SENTIMENT = "sentiment";

	private static final String KALMAN = "kalman";

	private static final String PREFER_DESCRIPTION = "RFC 7240, as on /v1/models/{model}/predict: wait=<seconds> "
			+ "(capped by ingress.prediction.max-wait) or respond-async";

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
	@Operation(operationId = "predictSentiment", summary = "The old sentiment route: one text, synchronous")
	@ApiResponse(responseCode = "200", description = "The text's sentiment",
			content = @Content(schema = @Schema(implementation = SentimentAnswer.class)))
	@ApiResponse(responseCode = "202", description = "Not back within the wait budget: poll the job",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	@ProblemResponses({ 404, 500 })
	ResponseEntity<PredictionAnswer> predictSentiment(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = SentimentRequest.class),
							examples = @ExampleObject(name = "text",
									value = "{\"text\": \"I love it\"}"))) @RequestBody SentimentRequest body,
			@Parameter(description = PREFER_DESCRIPTION) @RequestHeader(name = WaitPreference.PREFER,
					required = false) @Nullable String prefer,
			Caller caller, HttpServletRequest request) {
		WaitPreference preference = this.properties.waitPreference(prefer);
		PredictionOutcome outcome = predict(SENTIMENT, "text", body.text(), MissingNode.getInstance(), preference,
				caller, request);
		return PredictionResponses.of(outcome, preference, (answered) -> {
			JsonNode output = firstOutput(answered.result());
			return new SentimentAnswer(output.path("label").asString(""), output.path("score").doubleValue(0),
					answered.id());
		});
	}

	/** {@code {"results": [numbers]}} → {@code {"processed_results", "input_data"}}. */
	@PostMapping(path = "/api/v1/{accountId}/kalman", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "filterSeries", summary = "The old Kalman route: one series, synchronous")
	@ApiResponse(responseCode = "200", description = "The filtered series",
			content = @Content(schema = @Schema(implementation = KalmanAnswer.class)))
	@ApiResponse(responseCode = "202", description = "Not back within the wait budget: poll the job",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	@ProblemResponses({ 403, 404, 500 })
	ResponseEntity<PredictionAnswer> filterSeries(@PathVariable String accountId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = KalmanRequest.class),
							examples = @ExampleObject(name = "series",
									value = "{\"results\": [2, 4, 6]}"))) @RequestBody KalmanRequest body,
			@Parameter(description = PREFER_DESCRIPTION) @RequestHeader(name = WaitPreference.PREFER,
					required = false) @Nullable String prefer,
			Caller caller, HttpServletRequest request) {
		if (!caller.mayActFor(accountId)) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "account-mismatch", "Not your account",
					"The API key does not belong to account '" + accountId + "'.");
		}
		JsonNode series = body.results();
		// Noise settings of the old Kalman API may ride along as "parameters"; the old
		// API
		// ignored anything else there, and so does this route.
		JsonNode parameters = body.parameters().isObject() ? body.parameters() : MissingNode.getInstance();
		WaitPreference preference = this.properties.waitPreference(prefer);
		PredictionOutcome outcome = predict(KALMAN, "results", series, parameters, preference, caller, request);
		return PredictionResponses.of(outcome, preference,
				(answered) -> KalmanAnswer.of(filtered(firstOutput(answered.result())), series));
	}

	/**
	 * Predicts the one instance the client sent as {@code field}, by the rules of the v1
	 * routes.
	 */
	private PredictionOutcome predict(String model, String field, JsonNode instance, JsonNode parameters,
			WaitPreference preference, Caller caller, HttpServletRequest request) {
		PredictionInput input = this.validator.validateOne(model, field, instance, parameters);
		return this.predictions.predict(input, RequestIdFilter.ids(request), caller, preference.budget());
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

	/**
	 * {@code POST /predict}'s body, kept as sent like
	 * {@link dev.pipeline.ingress.prediction.PredictionRequest}: a text that is missing
	 * or not a string is a 422 naming {@code text}, not a 400.
	 */
	@Schema(name = "SentimentRequest")
	@JsonDeserialize(using = SentimentRequest.Reader.class)
	record SentimentRequest(@JsonIgnore JsonNode json) {

		static final class Reader extends BodyAsSent<SentimentRequest> {

			Reader() {
				super(SentimentRequest::new);
			}

		}

		@JsonProperty("text")
		@Schema(types = "string", requiredMode = Schema.RequiredMode.REQUIRED, description = "The text to classify")
		JsonNode text() {
			return this.json.path("text");
		}

	}

	/**
	 * {@code POST /api/v1/{accountId}/kalman}'s body, kept as sent like
	 * {@link dev.pipeline.ingress.prediction.PredictionRequest}.
	 */
	@Schema(name = "KalmanRequest")
	@JsonDeserialize(using = KalmanRequest.Reader.class)
	record KalmanRequest(@JsonIgnore JsonNode json) {

		static final class Reader extends BodyAsSent<KalmanRequest> {

			Reader() {
				super(KalmanRequest::new);
			}

		}

		@JsonProperty("results")
		@Schema(types = "array", requiredMode = Schema.RequiredMode.REQUIRED,
				description = "The series to filter: numbers")
		JsonNode results() {
			return this.json.path("results");
		}

		@JsonProperty("parameters")
		@Schema(types = "object", description = "Kalman noise settings; anything else is ignored")
		JsonNode parameters() {
			return this.json.path("parameters");
		}

	}

	record SentimentAnswer(String label, double confidence, String id) implements PredictionAnswer {
	}

	/**
	 * @param processedResults the filtered estimates, one per number of the series
	 * @param inputData the series as the client sent it
	 */
	record KalmanAnswer(@JsonProperty("processed_results") @ArraySchema(
			schema = @Schema(types = "number", description = "A filtered estimate")) List<JsonNode> processedResults,
			@JsonProperty("input_data") @ArraySchema(schema = @Schema(types = "number",
					description = "A number of the series")) List<JsonNode> inputData)
			implements
				PredictionAnswer {

		static KalmanAnswer of(JsonNode filtered, JsonNode series) {
			return new KalmanAnswer(filtered.valueStream().toList(), series.valueStream().toList());
		}

	}

}
