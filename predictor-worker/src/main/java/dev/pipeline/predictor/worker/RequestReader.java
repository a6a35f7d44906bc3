package dev.pipeline.predictor.worker;

import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a record's bytes into a request, deciding where a bad one goes: without a usable id
 * there is nobody to answer, so the record is dead-lettered; with an id, a malformed request
 * still gets a FAILED result its producer can find.
 */
final class RequestReader {

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
			return new Unreadable("Not valid JSON: " + ex.getOriginalMessage());
		}
		if (tree == null || !tree.isObject()) {
			return new Unreadable("Not a JSON object");
		}
		JsonNode id = tree.get("id");
		if (id == null || !id.isString() || id.asString().isBlank()) {
			return new Unreadable("No usable \"id\" (a non-blank string is required)");
		}
		try {
			InferenceRequest request = PipelineJson.mapper().treeToValue(tree, InferenceRequest.class);
			if (request.model() == null || request.model().isBlank()) {
				return new Invalid(stub(tree, id.asString()), new ErrorInfo("INVALID_REQUEST", "\"model\" is required"));
			}
			return new Readable(request);
		}
		catch (JacksonException ex) {
			return new Invalid(stub(tree, id.asString()),
					new ErrorInfo("INVALID_REQUEST", "Malformed request: " + ex.getOriginalMessage()));
		}
		catch (RuntimeException ex) {
			// e.g. a null inside "parameters", which the contract's immutable copies reject
			return new Invalid(stub(tree, id.asString()), new ErrorInfo("INVALID_REQUEST", "Malformed request"));
		}
	}

	/** What can be salvaged of a malformed request to address its FAILED result. */
	private static InferenceRequest stub(JsonNode tree, String id) {
		JsonNode model = tree.get("model");
		JsonNode account = tree.get("accountId");
		return new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id,
				(model != null && model.isString()) ? model.asString() : "",
				null, (account != null && account.isString()) ? account.asString() : null, List.of(), Map.of(),
				null, null);
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
