package dev.pipeline.predictor.model;

import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ErrorInfo;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A loaded model version. {@link #predict} takes a whole micro-batch and is called by one
 * thread at a time per batch runner; implementations share one native session across
 * them.
 */
public interface ServedModel extends AutoCloseable {

	ModelConfig config();

	/**
	 * Checks a request's parameters before it is queued; {@code null} when they are fine.
	 */
	default @Nullable ErrorInfo validateParameters(Map<String, Object> parameters) {
		return null;
	}

	/**
	 * Computes one output per input, in order, with a single model call for the batch.
	 */
	List<JsonNode> predict(List<ModelInput> batch) throws Exception;

	@Override
	default void close() {
	}

}
