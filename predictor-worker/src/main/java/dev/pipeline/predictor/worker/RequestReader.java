package dev.pipeline.predictor.worker;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.FieldProblem;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.RequestRules;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a record's bytes into a request, deciding where a bad one goes. Without an id
 * that follows {@link RequestRules#ID} there is nobody to answer: a result keyed by it
 * would break every reader keyed by ids (the job table, logs, URLs), so the record is
 * dead-lettered. With such an id, a request whose other identifying fields break the
 * rules, or that is malformed, still gets a FAILED result its producer can find — one
 * that repeats none of the bad values.
 */
final class RequestReader {

	/**
	 * The model a FAILED result names when the request's own model name broke the rules.
	 */
	static final String UNNAMED_MODEL = "unknown";

	private static final int MAX_PROBLEMS_DESCRIBED = 10;

	private RequestReader() {
	}

	static Read read(byte @Nullable [] value) {
		if (value == null || value.length == 0) {
			return new Unreadable("Empty record value");
		}
		JsonNode tree;
		try {
			tree = PipelineJson.mapper().readTree(value);
		}
		catch (JacksonException ex) {
			return new Unreadable("Not valid JSON: " + LogSafe.escape(ex.getOriginalMessage()));
		}
		if (tree == null || !tree.isObject()) {
			return new Unreadable("Not a JSON object");
		}
		JsonNode idNode = tree.get("id");
		InferenceRequest stub = stub(tree, (idNode != null && idNode.isString()) ? idNode.asString() : "");
		for (FieldProblem problem : RequestRules.identityProblems(stub)) {
			if (problem.field().equals("id")) {
				return new Unreadable("No usable \"id\": " + problem);
			}
		}
		InferenceRequest request;
		try {
			request = PipelineJson.mapper().treeToValue(tree, InferenceRequest.class);
		}
		catch (JacksonException ex) {
			return new Invalid(safe(stub),
					new ErrorInfo("INVALID_REQUEST", "Malformed request: " + LogSafe.escape(ex.getOriginalMessage())));
		}
		catch (RuntimeException ex) {
			// e.g. a null inside "parameters", which the contract's immutable copies
			// reject
			return new Invalid(safe(stub), new ErrorInfo("INVALID_REQUEST", "Malformed request"));
		}
		List<FieldProblem> problems = RequestRules.identityProblems(request);
		if (!problems.isEmpty()) {
			return new Invalid(safe(request),
					new ErrorInfo("INVALID_REQUEST", "Invalid request: " + describe(problems)));
		}
		return new Readable(request);
	}

	/** The problems in one message, the first few of them when there are many. */
	static String describe(List<FieldProblem> problems) {
		String described = problems.stream()
			.limit(MAX_PROBLEMS_DESCRIBED)
			.map(FieldProblem::toString)
			.collect(Collectors.joining("; "));
		int more = problems.size() - MAX_PROBLEMS_DESCRIBED;
		return (more > 0) ? described + "; and " + more + " more" : described;
	}

	/** What can be salvaged of a malformed request to address its FAILED result. */
	private static InferenceRequest stub(JsonNode tree, String id) {
		return new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id, text(tree, "model"),
				text(tree, "modelVersion"), text(tree, "accountId"), List.of(), Map.of(), null, null);
	}

	private static @Nullable String text(JsonNode tree, String field) {
		JsonNode value = tree.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	/**
	 * The request as its FAILED result may repeat it: identifying fields that break the
	 * rules are left out (the model, which a result must name, becomes
	 * {@link #UNNAMED_MODEL}), so the readers of results never see them.
	 */
	private static InferenceRequest safe(InferenceRequest request) {
		return new InferenceRequest(InferenceRequest.SCHEMA_VERSION, request.id(),
				matches(RequestRules.MODEL_NAME, request.model()) ? request.model() : UNNAMED_MODEL,
				matches(RequestRules.MODEL_VERSION, request.modelVersion()) ? request.modelVersion() : null,
				matches(RequestRules.ACCOUNT_ID, request.accountId()) ? request.accountId() : null, List.of(), Map.of(),
				request.submittedAt(), null);
	}

	private static boolean matches(Pattern rule, @Nullable String value) {
		return value != null && rule.matcher(value).matches();
	}

	sealed interface Read permits Readable, Invalid, Unreadable {

	}

	record Readable(InferenceRequest request) implements Read {
	}

	record Invalid(InferenceRequest request, ErrorInfo error) implements Read {
	}

	record Unreadable(String reason) implements Read {
	}

}
