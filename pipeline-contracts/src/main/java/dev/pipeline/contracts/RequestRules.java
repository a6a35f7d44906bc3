package dev.pipeline.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The one set of rules an inference request must follow, whichever way it enters: checked
 * by the ingress before a request reaches Kafka and by the predictor worker for records
 * written directly to {@code inference.requests}. Every rule is about what the rest of
 * the pipeline can safely carry: identifiers that fit their database columns and can be
 * logged and used in URLs as they are, no NUL characters (PostgreSQL text cannot hold
 * them), and instances within {@link RequestLimits}.
 */
public final class RequestRules {

	/**
	 * Request and job ids: what a URL path segment, a log line and {@code VARCHAR(128)}
	 * hold.
	 */
	public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	/** Model names, as in a Triton model repository's directory names. */
	public static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	/** Model versions ({@code VARCHAR(64)}). */
	public static final Pattern MODEL_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** What {@link #MODEL_VERSION} asks, as a field problem says it. */
	public static final String MODEL_VERSION_RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ - (letter or digit first)";

	/** Account ids ({@code VARCHAR(64)}). */
	public static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private static final int MAX_PARAMETER_NAME_LENGTH = 64;

	private static final int MAX_PARAMETER_STRING_LENGTH = 256;

	private RequestRules() {
	}

	/**
	 * What is wrong with the identifying fields of a request a direct producer wrote: id,
	 * model, model version and account. Empty when they are fine.
	 */
	public static List<FieldProblem> identityProblems(InferenceRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		check(problems, "id", request.id(), ID,
				"must be 1 to 128 characters of A-Z a-z 0-9 . _ : - (letter or digit first)");
		check(problems, "model", request.model(), MODEL_NAME,
				"must be 1 to 128 characters of A-Z a-z 0-9 . _ - (letter or digit first)");
		if (request.modelVersion() != null) {
			check(problems, "modelVersion", request.modelVersion(), MODEL_VERSION, MODEL_VERSION_RULE);
		}
		if (request.accountId() != null) {
			check(problems, "accountId", request.accountId(), ACCOUNT_ID,
					"must be 1 to 64 characters of A-Z a-z 0-9 . _ : - (letter or digit first)");
		}
		return problems;
	}

	/**
	 * What is wrong with the instances of a request for a model of the given input kind,
	 * at most one problem per instance plus the request-wide totals. Empty when they are
	 * fine.
	 */
	public static List<FieldProblem> instanceProblems(String inputKind, List<? extends @Nullable JsonNode> inputs,
			RequestLimits limits) {
		List<FieldProblem> problems = new ArrayList<>();
		if (inputs.isEmpty()) {
			problems.add(new FieldProblem("inputs", "must not be empty"));
			return problems;
		}
		if (inputs.size() > limits.maxInstances()) {
			problems.add(new FieldProblem("inputs",
					"must not have more than " + limits.maxInstances() + " instances (it has " + inputs.size() + ")"));
			return problems;
		}
		long total = 0;
		for (int i = 0; i < inputs.size(); i++) {
			JsonNode instance = inputs.get(i);
			String problem = (instance == null) ? "must not be null" : switch (inputKind) {
				case ModelDescriptor.TEXT -> textProblem(instance, limits);
				case ModelDescriptor.NUMBER_SERIES -> seriesProblem(instance, limits);
				default -> "cannot be checked: the model's input kind '" + inputKind + "' is not supported";
			};
			if (problem != null) {
				problems.add(new FieldProblem("inputs[" + i + "]", problem));
			}
			else {
				total += ModelDescriptor.TEXT.equals(inputKind) ? instance.stringValue().length() : instance.size();
			}
		}
		if (ModelDescriptor.TEXT.equals(inputKind) && total > limits.maxTotalTextLength()) {
			problems.add(new FieldProblem("inputs", "must not have more than " + limits.maxTotalTextLength()
					+ " characters in all texts together (they have " + total + ")"));
		}
		if (ModelDescriptor.NUMBER_SERIES.equals(inputKind) && total > limits.maxTotalPoints()) {
			problems.add(new FieldProblem("inputs", "must not have more than " + limits.maxTotalPoints()
					+ " points in all series together (they have " + total + ")"));
		}
		return problems;
	}

	/**
	 * What is wrong with a request's {@code parameters}: too many, names that are not
	 * plain, or values that are not a number, a boolean or a short string. The model
	 * judges the values.
	 */
	public static List<FieldProblem> parameterProblems(Map<String, ?> parameters, RequestLimits limits) {
		List<FieldProblem> problems = new ArrayList<>();
		if (parameters.size() > limits.maxParameters()) {
			problems.add(new FieldProblem("parameters", "must not have more than " + limits.maxParameters()
					+ " entries (it has " + parameters.size() + ")"));
			return problems;
		}
		parameters.forEach((name, value) -> {
			if (name.isEmpty() || name.length() > MAX_PARAMETER_NAME_LENGTH || hasControlCharacter(name)) {
				problems.add(new FieldProblem("parameters",
						"names must be 1 to " + MAX_PARAMETER_NAME_LENGTH + " characters without control characters"));
			}
			else if (!(value instanceof Number || value instanceof Boolean || value instanceof String)) {
				problems.add(new FieldProblem("parameters." + name, "must be a number, a boolean or a string"));
			}
			else if (value instanceof String text
					&& (text.length() > MAX_PARAMETER_STRING_LENGTH || hasControlCharacter(text))) {
				problems.add(new FieldProblem("parameters." + name,
						"must be at most " + MAX_PARAMETER_STRING_LENGTH + " characters without control characters"));
			}
		});
		return problems;
	}

	/**
	 * Whether a text holds a character that logs, headers or PostgreSQL cannot take as it
	 * is.
	 */
	public static boolean hasControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	private static void check(List<FieldProblem> problems, String field, @Nullable String value, Pattern pattern,
			String rule) {
		if (value == null || !pattern.matcher(value).matches()) {
			problems.add(new FieldProblem(field, rule));
		}
	}

	private static @Nullable String textProblem(JsonNode instance, RequestLimits limits) {
		if (!instance.isString()) {
			return "must be a string";
		}
		String text = instance.stringValue();
		if (text.isBlank()) {
			return "must not be empty";
		}
		if (text.length() > limits.maxTextLength()) {
			return "must not be longer than " + limits.maxTextLength() + " characters (it has " + text.length() + ")";
		}
		if (text.indexOf('\u0000') >= 0) {
			return "must not contain NUL characters";
		}
		if (hasUnpairedSurrogate(text)) {
			return "must be valid Unicode (it has an unpaired surrogate)";
		}
		return null;
	}

	/**
	 * A lone UTF-16 surrogate (JSON's {@code "\ud800"}) has no UTF-8 form: serialising it
	 * loses data.
	 */
	private static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String seriesProblem(JsonNode instance, RequestLimits limits) {
		if (!instance.isArray()) {
			return "must be an array of numbers";
		}
		if (instance.isEmpty()) {
			return "must not be empty";
		}
		if (instance.size() > limits.maxSeriesLength()) {
			return "must not have more than " + limits.maxSeriesLength() + " points (it has " + instance.size() + ")";
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
