package dev.pipeline.ingress.prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.FieldProblem;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.RequestLimits;
import dev.pipeline.contracts.RequestRules;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Checks a prediction against the model it names and against {@link RequestRules}, the
 * rules the predictor worker applies again to direct producers, with the limits of
 * {@code ingress.prediction.limits}. In code rather than with annotations because the
 * rule for an instance depends on the model's input kind from the catalogue. All field
 * problems are collected, so a client sees every bad instance in one 422.
 */
@Component
public class InstanceValidator {

	private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
	};

	private final ModelCatalog catalog;

	private final RequestLimits limits;

	InstanceValidator(ModelCatalog catalog, PredictionProperties properties) {
		this.catalog = catalog;
		this.limits = properties.limits().requestLimits();
	}

	/**
	 * Checks a body of the v1 routes, {@code {"inputs": [...], "parameters": {...}}}, and
	 * its {@code modelVersion}, if any.
	 * @throws ApiProblem 404 for a model not in the catalogue or a version it does not
	 * serve, 503 for one not ready, 422 with per-field {@code errors} for invalid
	 * instances, parameters or version name
	 */
	public PredictionInput validate(String model, PredictionRequest body) {
		this.catalog.served(model, null);
		if (!body.json().isObject()) {
			throw ApiProblem.invalidInput(List.of(new FieldProblem("$", "must be a JSON object with an inputs array")));
		}
		String version = version(body.modelVersion());
		ModelDescriptor descriptor = ready(this.catalog.served(model, version));
		List<FieldProblem> problems = new ArrayList<>();
		List<JsonNode> instances = new ArrayList<>();
		JsonNode inputs = body.inputs();
		if (inputs.isArray()) {
			inputs.forEach(instances::add);
			problems.addAll(RequestRules.instanceProblems(descriptor.inputKind(), instances, this.limits));
		}
		else {
			problems.add(new FieldProblem("inputs", "must be an array of instances"));
		}
		Map<String, Object> parameters = parameters(body.parameters(), problems);
		return accepted(model, version, instances, parameters, problems);
	}

	/**
	 * The version a body pins, {@code null} for none.
	 * @throws ApiProblem 422 when it is not a version name ({@link RequestRules})
	 */
	private static @Nullable String version(JsonNode version) {
		if (version.isMissingNode() || version.isNull()) {
			return null;
		}
		if (!version.isString() || !RequestRules.MODEL_VERSION.matcher(version.asString()).matches()) {
			throw ApiProblem.invalidInput(
					List.of(new FieldProblem("modelVersion", "must be a string; " + RequestRules.MODEL_VERSION_RULE)));
		}
		return version.asString();
	}

	/**
	 * Checks a request of the compatibility routes: one instance, which the client sent
	 * as {@code field}, so every problem of the instance is reported under that name.
	 * @throws ApiProblem as {@link #validate}
	 */
	public PredictionInput validateOne(String model, String field, JsonNode instance, JsonNode parameters) {
		ModelDescriptor descriptor = ready(this.catalog.served(model, null));
		List<FieldProblem> problems = new ArrayList<>();
		List<JsonNode> instances = List.of(instance);
		RequestRules.instanceProblems(descriptor.inputKind(), instances, this.limits)
			.forEach(problem -> problems.add(new FieldProblem(field, problem.message())));
		return accepted(model, null, instances, parameters(parameters, problems), problems);
	}

	/** The model at the version asked for, when that version is ready to serve. */
	private static ModelDescriptor ready(ModelDescriptor descriptor) {
		if (!descriptor.ready()) {
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "model-not-ready", "Model not ready",
					"Model '" + descriptor.name() + "' version " + descriptor.version()
							+ " is known but not ready to serve yet.")
				.with("model", descriptor.name())
				.with("version", descriptor.version())
				.header(HttpHeaders.RETRY_AFTER, "5");
		}
		return descriptor;
	}

	/**
	 * The parameters as the request will carry them; their problems are added to
	 * {@code problems}.
	 */
	private Map<String, Object> parameters(JsonNode parameters, List<FieldProblem> problems) {
		if (parameters.isMissingNode() || parameters.isNull()) {
			return Map.of();
		}
		if (!parameters.isObject()) {
			problems.add(new FieldProblem("parameters", "must be an object"));
			return Map.of();
		}
		Map<String, Object> map = new LinkedHashMap<>(PipelineJson.mapper().convertValue(parameters, PARAMETERS));
		problems.addAll(RequestRules.parameterProblems(map, this.limits));
		return map;
	}

	private static PredictionInput accepted(String model, @Nullable String version, List<JsonNode> instances,
			Map<String, Object> parameters, List<FieldProblem> problems) {
		if (!problems.isEmpty()) {
			throw ApiProblem.invalidInput(problems);
		}
		return new PredictionInput(model, version, instances, parameters);
	}

}
