package dev.pipeline.aggregator.result;

import java.util.List;

import dev.pipeline.aggregator.system.Read;
import dev.pipeline.aggregator.system.RowCheck;
import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Which results the aggregator can store and count. Anyone with access to
 * {@code inference.results} can write to it, so nothing about a result is taken on trust:
 * it must fit the columns of {@code inference_results} and {@code metrics_windows}, and
 * its output labels must be short enough to be counted per window (a label is a category,
 * and a window keeps one counter per label). The result sink dead-letters a result that
 * fails this check; the topology skips it, so the two never disagree on what counts.
 */
public final class ResultCheck {

	/** The longest output label a window counts. */
	public static final int MAX_LABEL_LENGTH = 128;

	private ResultCheck() {
	}

	public static Read<InferenceResult> read(byte @Nullable [] bytes) {
		return Read.json(bytes, InferenceResult.class, ResultCheck::problem);
	}

	/** Why the result cannot be stored or counted, or {@code null} if it can. */
	public static @Nullable String problem(InferenceResult result) {
		RowCheck check = new RowCheck().required("id", result.id())
			.text("id", result.id(), 128)
			.required("model", result.model())
			.text("model", result.model(), 128)
			.text("modelVersion", result.modelVersion(), 64)
			.text("accountId", result.accountId(), 64)
			.required("status", result.status())
			.required("completedAt", result.completedAt())
			.instant("completedAt", result.completedAt())
			.instant("submittedAt", result.submittedAt());
		if (result.error() != null) {
			check.text("error.code", result.error().code(), 64).text("error.message", result.error().message());
		}
		for (JsonNode output : (result.outputs() != null) ? result.outputs() : List.<JsonNode>of()) {
			check.json("outputs", output);
			JsonNode label = output.isObject() ? output.get("label") : null;
			if (label != null && label.isString()
					&& label.stringValue().codePointCount(0, label.stringValue().length()) > MAX_LABEL_LENGTH) {
				check.problem(
						"an output's \"label\" is longer than the " + MAX_LABEL_LENGTH + " characters a window counts");
			}
		}
		return check.reason();
	}

}
