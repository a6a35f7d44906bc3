package dev.pipeline.predictor.model;

import dev.pipeline.contracts.ModelDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Checks one instance against a model's input kind before it is queued. */
public final class InstanceValidator {

	private InstanceValidator() {
	}

	/** Why the instance does not fit, or {@code null} when it does. */
	public static @Nullable String problem(String inputKind, JsonNode instance) {
		return switch (inputKind) {
			case ModelDescriptor.TEXT -> textProblem(instance);
			case ModelDescriptor.NUMBER_SERIES -> seriesProblem(instance);
			default -> "the model's input kind '" + inputKind + "' is not supported";
		};
	}

	private static @Nullable String textProblem(JsonNode instance) {
		if (!instance.isString()) {
			return "must be a string";
		}
		return instance.asString().isBlank() ? "must not be empty" : null;
	}

	private static @Nullable String seriesProblem(JsonNode instance) {
		if (!instance.isArray()) {
			return "must be an array of numbers";
		}
		if (instance.isEmpty()) {
			return "must not be empty";
		}
		for (int i = 0; i < instance.size(); i++) {
			JsonNode value = instance.get(i);
			if (!value.isNumber()) {
				return "element " + i + " must be a number";
			}
			if (!Double.isFinite(value.doubleValue())) {
				return "element " + i + " must be finite";
			}
		}
		return null;
	}

}
