package dev.pipeline.ingress.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Checks a prediction body against the model it names, in code rather than with annotations
 * because the rule for an instance depends on the model's input kind from the catalogue. All
 * field problems are collected, so a client sees every bad instance in one 422.
 */
@Component
public class InstanceValidator {

	private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
	};

	private final ModelCatalog catalog;

	private final int maxInstances;

	InstanceValidator(ModelCatalog catalog, PredictionProperties properties) {
		this.catalog = catalog;
		this.maxInstances = properties.maxInstances();
	}

	/**
	 * @throws ApiProblem 404 for a model not in the catalogue, 503 for one not ready, 422 with
	 * per-field {@code errors} for invalid instances
	 */
	public PredictionInput validate(String model, JsonNode body) {
		ModelDescriptor descriptor = servedModel(model);
		List<Map<String, String>> errors = new ArrayList<>();
		if (!body.isObject()) {
			errors.add(error("$", "must be a JSON object with an inputs array"));
			throw invalid(errors);
		}
		JsonNode inputs = body.path("inputs");
		if (!inputs.isArray()) {
			errors.add(error("inputs", "must be an array of instances"));
		}
		else if (inputs.isEmpty()) {
			errors.add(error("inputs", "must not be empty"));
		}
		else if (inputs.size() > this.maxInstances) {
			errors.add(error("inputs", "must not have more than " + this.maxInstances + " instances"));
		}
		else {
			for (int i = 0; i < inputs.size(); i++) {
				String problem = instanceProblem(descriptor.inputKind(), inputs.get(i));
				if (problem != null) {
					errors.add(error("inputs[" + i + "]", problem));
				}
			}
		}
		JsonNode parameters = body.path("parameters");
		boolean parametersPresent = !parameters.isMissingNode() && !parameters.isNull();
		if (parametersPresent && !parameters.isObject()) {
			errors.add(error("parameters", "must be an object"));
		}
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
		List<JsonNode> instances = new ArrayList<>(inputs.size());
		inputs.forEach(instances::add);
		Map<String, Object> parameterMap = parametersPresent
				? PipelineJson.mapper().convertValue(parameters, PARAMETERS) : Map.of();
		return new PredictionInput(model, instances, new LinkedHashMap<>(parameterMap));
	}

	private ModelDescriptor servedModel(String model) {
		ModelDescriptor descriptor = this.catalog.find(model)
			.orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-model", "Unknown model",
					"No model named '" + model + "' is served; GET /v1/models lists them.")
				.with("model", model));
		if (!descriptor.ready()) {
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "model-not-ready", "Model not ready",
					"Model '" + model + "' is known but not ready to serve yet.")
				.with("model", model)
				.header(HttpHeaders.RETRY_AFTER, "5");
		}
		return descriptor;
	}

	/** Why one instance does not fit the input kind, or {@code null} when it does. */
	private static @Nullable String instanceProblem(String inputKind, JsonNode instance) {
		if (ModelDescriptor.TEXT.equals(inputKind)) {
			return (instance.isString() && !instance.stringValue().isBlank()) ? null : "must be a non-empty string";
		}
		if (ModelDescriptor.NUMBER_SERIES.equals(inputKind)) {
			if (!instance.isArray() || instance.isEmpty()) {
				return "must be a non-empty array of finite numbers";
			}
			for (JsonNode value : instance) {
				if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
					return "must be a non-empty array of finite numbers";
				}
			}
			return null;
		}
		// An input kind this ingress does not know: leave the judgement to the worker.
		return null;
	}

	private static Map<String, String> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	private static ApiProblem invalid(List<Map<String, String>> errors) {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
				"The request is well-formed but some fields are invalid.")
			.with("errors", errors);
	}

}
