package dev.pipeline.ingress.oip;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.ModelTensor;
import dev.pipeline.ingress.oip.ProtocolMessages.RequestOutput;
import dev.pipeline.ingress.oip.ProtocolMessages.ResponseOutput;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns a result's outputs (one JSON value per instance) into the output tensors the
 * model's catalogue entry announces: tensor {@code t} gathers field {@code t} of every
 * instance's output object (or the whole output, when the model has a single output
 * tensor and its outputs are not objects), with the instances as the first dimension:
 * {@code label} and {@code score} are {@code [n]}, {@code probabilities} {@code [n, 2]},
 * Kalman's {@code estimates} {@code [n, t]}. A tensor that some instance's output lacks
 * (an older worker's) is left out rather than made ragged. A model announced without
 * output tensors (by a worker older than them) answers one {@code BYTES} tensor,
 * {@code output}, holding each instance's output as JSON text.
 */
final class TensorOutputs {

	/** The tensor of a model announced without output tensors. */
	static final ModelTensor UNDECLARED = new ModelTensor("output", "BYTES", List.of(-1L));

	private TensorOutputs() {
	}

	/** The output tensors the model answers. */
	static List<ModelTensor> of(ModelDescriptor model) {
		return model.outputs().isEmpty() ? List.of(UNDECLARED) : model.outputs();
	}

	/**
	 * The names the request asks for, all of them when it names none.
	 * @throws dev.pipeline.ingress.system.ApiProblem 400 for a name the model does not
	 * answer
	 */
	static Set<String> requested(ModelDescriptor model, @Nullable List<RequestOutput> outputs) {
		Set<String> answered = of(model).stream().map(ModelTensor::name).collect(Collectors.toSet());
		if (outputs == null || outputs.isEmpty()) {
			return answered;
		}
		Set<String> requested = new LinkedHashSet<>();
		for (RequestOutput output : outputs) {
			if (output.name() == null || !answered.contains(output.name())) {
				throw TensorInputs.badRequest("Model '" + model.name() + "' has no output tensor '" + output.name()
						+ "'; its outputs are " + of(model).stream().map(ModelTensor::name).toList() + ".");
			}
			requested.add(output.name());
		}
		return requested;
	}

	static List<ResponseOutput> tensors(ModelDescriptor model, InferenceResult result, Set<String> requested) {
		List<JsonNode> values = (result.outputs() != null) ? result.outputs() : List.of();
		List<ModelTensor> declared = of(model);
		List<ResponseOutput> tensors = new ArrayList<>();
		for (ModelTensor tensor : declared) {
			if (!requested.contains(tensor.name())) {
				continue;
			}
			List<JsonNode> perInstance = new ArrayList<>(values.size());
			for (JsonNode output : values) {
				JsonNode value = valueOf(tensor, declared.size(), output);
				if (value == null) {
					break;
				}
				perInstance.add(value);
			}
			if (perInstance.size() == values.size()) {
				gather(tensor, perInstance).ifPresent(tensors::add);
			}
		}
		return tensors;
	}

	private static @Nullable JsonNode valueOf(ModelTensor tensor, int tensorCount, JsonNode output) {
		if (tensor == UNDECLARED) {
			return JsonNodeFactory.instance.stringNode(output.toString());
		}
		if (output.isObject()) {
			JsonNode value = output.get(tensor.name());
			return (value == null || value.isNull()) ? null : value;
		}
		return (tensorCount == 1) ? output : null;
	}

	/**
	 * One tensor of the instances' values, when they all have the same dimensions (else
	 * none).
	 */
	private static Optional<ResponseOutput> gather(ModelTensor tensor, List<JsonNode> perInstance) {
		List<Long> inner = perInstance.isEmpty() ? List.of() : dimensions(perInstance.get(0));
		List<JsonNode> data = new ArrayList<>();
		for (JsonNode value : perInstance) {
			if (!dimensions(value).equals(inner)) {
				return Optional.empty();
			}
			flatten(value, data);
		}
		List<Long> shape = new ArrayList<>(inner.size() + 1);
		shape.add((long) perInstance.size());
		shape.addAll(inner);
		return Optional.of(new ResponseOutput(tensor.name(), shape, tensor.datatype(), data));
	}

	/** The dimensions of a value: none for a scalar, the lengths of nested arrays. */
	private static List<Long> dimensions(JsonNode value) {
		List<Long> dimensions = new ArrayList<>();
		for (JsonNode node = value; node
			.isArray(); node = node.isEmpty() ? JsonNodeFactory.instance.nullNode() : node.get(0)) {
			dimensions.add((long) node.size());
		}
		return dimensions;
	}

	private static void flatten(JsonNode node, List<JsonNode> data) {
		if (node.isArray()) {
			node.forEach(child -> flatten(child, data));
		}
		else {
			data.add(node);
		}
	}

}
