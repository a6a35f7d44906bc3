package dev.pipeline.ingress.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.contracts.FieldProblem;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.oip.ProtocolMessages.InferenceRequest;
import dev.pipeline.ingress.oip.ProtocolMessages.RequestInput;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionRequest;
import dev.pipeline.ingress.system.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns the input tensor of an inference request into the pipeline's instances, then
 * checks them as every prediction route does ({@link InstanceValidator}: the model's
 * input kind, {@code RequestRules}, the request limits). One tensor per request, by the
 * model's input kind:
 * <ul>
 * <li>{@code text}: {@code BYTES}, shape {@code [n]} or {@code [n, 1]}: n texts, one
 * instance each;</li>
 * <li>{@code number-series}: {@code FP32} or {@code FP64}, shape {@code [n, t]}: n series
 * of t points, or {@code [t]}: one series.</li>
 * </ul>
 * Data may be flat or nested, in row-major order, and must hold exactly as many elements
 * as the shape says. When the catalogue announces the model's input tensor, the tensor's
 * name must be that one.
 */
@Component
class TensorInputs {

	/** A field problem of {@link InstanceValidator} about one instance. */
	private static final Pattern INSTANCE_FIELD = Pattern.compile("inputs\\[(\\d+)\\](.*)");

	private static final Set<String> SERIES_DATATYPES = Set.of("FP32", "FP64");

	private final InstanceValidator validator;

	TensorInputs(InstanceValidator validator) {
		this.validator = validator;
	}

	/**
	 * @param model the model as the version the path names describes it
	 * @param version the version the path names, {@code null} for the default
	 * @throws ApiProblem 400 (the protocol's status for a request it cannot take) for a
	 * tensor that does not fit the model, or invalid instances and parameters; 404 and
	 * 503 as every prediction route answers them
	 */
	PredictionInput read(ModelDescriptor model, @Nullable String version, InferenceRequest request) {
		List<RequestInput> inputs = (request.inputs() != null) ? request.inputs() : List.of();
		if (inputs.size() != 1) {
			throw badRequest("Model '" + model.name() + "' takes exactly one input tensor"
					+ expectedName(model).map(name -> ", '" + name + "'").orElse("") + "; the request has "
					+ inputs.size() + ".");
		}
		RequestInput input = inputs.get(0);
		String name = (input.name() != null) ? input.name() : "";
		expectedName(model).filter(expected -> !expected.equals(name)).ifPresent(expected -> {
			throw badRequest("Model '" + model.name() + "' has no input tensor '" + name + "'; its input is '"
					+ expected + "'.");
		});
		List<Long> shape = shapeOf(input);
		List<JsonNode> elements = flatten(input, shape);
		List<JsonNode> instances = ModelDescriptor.NUMBER_SERIES.equals(model.inputKind())
				? series(model, input, shape, elements) : texts(model, input, shape, elements);
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.set("inputs", JsonNodeFactory.instance.arrayNode().addAll(instances));
		if (request.parameters() != null) {
			body.set("parameters", PipelineJson.mapper().valueToTree(request.parameters()));
		}
		if (version != null) {
			body.put("modelVersion", version);
		}
		try {
			return this.validator.validate(model.name(), new PredictionRequest(body));
		}
		catch (ApiProblem problem) {
			throw (problem.status() == HttpStatus.UNPROCESSABLE_CONTENT) ? inTensorTerms(problem, name) : problem;
		}
	}

	private static Optional<String> expectedName(ModelDescriptor model) {
		return (model.inputs().size() == 1) ? Optional.of(model.inputs().get(0).name()) : Optional.empty();
	}

	private static List<Long> shapeOf(RequestInput input) {
		if (input.shape() == null || input.shape().isEmpty()) {
			throw badRequest("Input '" + input.name() + "' needs a shape.");
		}
		for (Long dimension : input.shape()) {
			if (dimension == null || dimension < 0) {
				throw badRequest("Input '" + input.name() + "' has an invalid shape " + input.shape()
						+ ": every dimension must be a number 0 or more.");
			}
		}
		return input.shape();
	}

	/** The data's elements in row-major order, checked against the shape. */
	private static List<JsonNode> flatten(RequestInput input, List<Long> shape) {
		if (input.data() == null || !input.data().isArray()) {
			throw badRequest("Input '" + input.name() + "' needs its data as a JSON array.");
		}
		List<JsonNode> elements = new ArrayList<>();
		collect(input.data(), elements);
		// Counted in a double, so an absurd shape cannot overflow into a match.
		double expected = 1;
		for (long dimension : shape) {
			expected *= dimension;
		}
		if (elements.size() != expected) {
			throw badRequest("Input '" + input.name() + "' has shape " + shape + ", which does not match the "
					+ elements.size() + " elements of its data.");
		}
		return elements;
	}

	private static void collect(JsonNode node, List<JsonNode> elements) {
		if (node.isArray()) {
			node.forEach(child -> collect(child, elements));
		}
		else {
			elements.add(node);
		}
	}

	private static List<JsonNode> texts(ModelDescriptor model, RequestInput input, List<Long> shape,
			List<JsonNode> elements) {
		if (!"BYTES".equals(input.datatype())) {
			throw badRequest("Input '" + input.name() + "' of model '" + model.name()
					+ "' takes datatype BYTES (texts)," + " not " + input.datatype() + ".");
		}
		if (shape.size() > 2 || (shape.size() == 2 && shape.get(1) != 1)) {
			throw badRequest("Input '" + input.name() + "' of model '" + model.name() + "' takes shape [n] or [n, 1]"
					+ " (n texts), not " + shape + ".");
		}
		return elements;
	}

	private static List<JsonNode> series(ModelDescriptor model, RequestInput input, List<Long> shape,
			List<JsonNode> elements) {
		if (!SERIES_DATATYPES.contains(input.datatype())) {
			throw badRequest("Input '" + input.name() + "' of model '" + model.name()
					+ "' takes datatype FP32 or FP64 (number series), not " + input.datatype() + ".");
		}
		if (shape.size() > 2) {
			throw badRequest("Input '" + input.name() + "' of model '" + model.name()
					+ "' takes shape [n, t] (n series of t points) or [t] (one series), not " + shape + ".");
		}
		if (elements.isEmpty()) {
			// No series at all (a dimension of 0): the instance rules answer that.
			return List.of();
		}
		int count = (shape.size() == 2) ? Math.toIntExact(shape.get(0)) : 1;
		int length = Math.toIntExact(shape.get(shape.size() - 1));
		List<JsonNode> series = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ArrayNode points = JsonNodeFactory.instance.arrayNode(length);
			elements.subList(i * length, (i + 1) * length).forEach(points::add);
			series.add(points);
		}
		return series;
	}

	/**
	 * The validator's problems, which name instances ({@code inputs[3]}), named as the
	 * client wrote them: elements of the tensor's first dimension.
	 */
	private static ApiProblem inTensorTerms(ApiProblem problem, String tensor) {
		List<FieldProblem> fields = new ArrayList<>();
		Map<String, Object> properties = problem.toProblemDetail("").getProperties();
		if (properties != null && properties.get("errors") instanceof List<?> errors) {
			for (Object each : errors) {
				if (each instanceof FieldProblem field) {
					Matcher instance = INSTANCE_FIELD.matcher(field.field());
					fields.add(instance.matches() ? new FieldProblem(
							tensor + "[" + instance.group(1) + "]" + instance.group(2), field.message()) : field);
				}
			}
		}
		return ApiProblem.invalidInput(fields);
	}

	static ApiProblem badRequest(String detail) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-tensor", "Invalid tensor", detail);
	}

}
