package dev.pipeline.ingress.oip;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.oip.ProtocolMessages.InferenceRequest;
import dev.pipeline.ingress.oip.ProtocolMessages.InferenceResponse;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.prediction.IdempotencyKey;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionAnswer;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionOutcome;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.prediction.PredictionResponses;
import dev.pipeline.ingress.prediction.PredictionService;
import dev.pipeline.ingress.system.DeferredCheck;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.system.WaitPreference;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
 * {@code POST /v2/models/{model}[/versions/{version}]/infer}: the protocol's inference,
 * on the prediction path of {@code /v1/models/{model}/predict}
 * ({@link PredictionService}: quota, Kafka with reply headers, the wait budget of
 * {@code Prefer: wait}, the deadline). 200 with the output tensors when the reply comes
 * in time; otherwise, as on {@code /v1}, {@code 202} with {@code Location: /v1/jobs/{id}}
 * and {@code {"id", "status"}} (the protocol has no asynchronous answer; this is the
 * pipeline's, and the job's result reads as on {@code /v1}).
 *
 * <p>
 * An {@code Idempotency-Key} works as on {@code /v1} (the fingerprint is taken of the
 * body as read, with the path's model and version): a retry gets the first request's
 * result, or its job while it runs.
 *
 * <p>
 * The response's {@code id} is the request's {@code id} when it sent one (the protocol
 * echoes it), else the prediction's; the prediction's own id (the job id, the Kafka key)
 * and the timings are in its {@code parameters}.
 */
@RestController
class InferController {

	private final ModelCatalog catalog;

	private final TensorInputs inputs;

	private final PredictionService predictions;

	private final PredictionProperties properties;

	InferController(ModelCatalog catalog, TensorInputs inputs, PredictionService predictions,
			PredictionProperties properties) {
		this.catalog = catalog;
		this.inputs = inputs;
		this.predictions = predictions;
		this.properties = properties;
	}

	@PostMapping(path = { "/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer" },
			consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "infer", summary = "Open Inference Protocol v2 inference",
			description = "Tensors in, named output tensors out, over the same Kafka path as /v1 predict.")
	@ApiResponse(responseCode = "200", description = "The inference response",
			content = @Content(schema = @Schema(implementation = InferenceResponse.class)))
	@ApiResponse(responseCode = "202", description = "Not back within the wait budget: poll the job on /v1",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	ResponseEntity<PredictionAnswer> infer(@PathVariable String model,
			@PathVariable(required = false) @Nullable String version, @RequestBody InferenceRequest body,
			@RequestHeader(name = WaitPreference.PREFER, required = false) @Nullable String prefer,
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) @Nullable String idempotencyKey,
			Caller caller, HttpServletRequest request) {
		WaitPreference preference = this.properties.waitPreference(prefer);
		// The path's version is part of what the key stands for, like the model.
		IdempotencyKey key = IdempotencyKey.of(idempotencyKey, (version != null) ? model + "/" + version : model,
				PipelineJson.mapper().valueToTree(body));
		ModelDescriptor descriptor = this.catalog.served(model, version);
		PredictionInput input = this.inputs.read(descriptor, version, body);
		Set<String> requested = TensorOutputs.requested(descriptor, body.outputs());
		PredictionOutcome outcome = this.predictions.predict(input, RequestIdFilter.ids(request), caller,
				preference.budget(), key);
		// A request that charged nothing (an account without a quota, or a replay)
		// has not settled its rate limit with a charge: as on /v1.
		DeferredCheck.settle(request);
		return PredictionResponses.of(outcome, preference,
				(answered) -> response(answered, descriptor, body, requested));
	}

	private static InferenceResponse response(PredictionOutcome outcome, ModelDescriptor descriptor,
			InferenceRequest body, Set<String> requested) {
		InferenceResult result = outcome.result();
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("prediction_id", result.id());
		parameters.put("queue_ms", result.timings().queueMs());
		parameters.put("inference_ms", result.timings().inferenceMs());
		parameters.put("total_ms", outcome.totalMs());
		return new InferenceResponse(result.model(), result.modelVersion(),
				(body.id() != null) ? body.id() : result.id(), parameters,
				TensorOutputs.tensors(descriptor, result, requested));
	}

}
