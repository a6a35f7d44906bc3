package dev.pipeline.ingress.prediction;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /v1/models/{model}/predict} and {@code .../jobs}:
 * {@code {"inputs": [ ... ], "parameters": { ... }, "modelVersion": "2"}} (API.md). It
 * keeps the body as the client sent it, whatever its shape ({@link BodyAsSent}):
 * {@link InstanceValidator} checks it against the model, so JSON that is not of this
 * shape ({@code null}, an array, {@code inputs} not an array) is a 422 naming the field,
 * as API.md wants, rather than the 400 of malformed JSON that binding to typed fields
 * would give; and an {@link IdempotencyKey} fingerprints the body as sent. The
 * annotations on {@link #inputs} and {@link #parameters} describe the shape in the
 * OpenAPI document.
 *
 * @param json the body as sent
 */
@Schema(name = "PredictionRequest", description = "Instances for one model, and optional parameters for it.")
@JsonDeserialize(using = PredictionRequest.Reader.class)
public record PredictionRequest(@JsonIgnore JsonNode json) {

	/** The OpenAPI example of a sentiment request, for both prediction routes. */
	public static final String SENTIMENT_EXAMPLE = "{\"inputs\": [\"I love it\", \"Not good at all\"]}";

	/** The OpenAPI example of a kalman request, with its noise parameters. */
	public static final String KALMAN_EXAMPLE = "{\"inputs\": [[1.0, 1.2, 0.9, 1.4]], "
			+ "\"parameters\": {\"processNoise\": 0.01, \"measurementNoise\": 0.1}}";

	/** The instances, missing when the client sent none. */
	@JsonProperty("inputs")
	@Schema(types = "array", requiredMode = Schema.RequiredMode.REQUIRED,
			description = "One instance per prediction, of the model's inputKind (GET /v1/models): "
					+ "a string for sentiment, an array of numbers (a time series) for kalman.")
	public JsonNode inputs() {
		return this.json.path("inputs");
	}

	/** The model's parameters, missing when the client sent none. */
	@JsonProperty("parameters")
	@Schema(types = "object", description = "Passed to the model as given, e.g. kalman's noise settings.")
	public JsonNode parameters() {
		return this.json.path("parameters");
	}

	/** The version the request pins, missing when the client named none. */
	@JsonProperty("modelVersion")
	@Schema(types = "string", pattern = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
			description = "The model version that must answer (GET /v1/models lists the served ones); "
					+ "without it the model's default version, or the version its traffic split picks, answers.")
	public JsonNode modelVersion() {
		return this.json.path("modelVersion");
	}

	static final class Reader extends BodyAsSent<PredictionRequest> {

		Reader() {
			super(PredictionRequest::new);
		}

	}

}
