package dev.pipeline.ingress.oip;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pipeline.contracts.ModelTensor;
import dev.pipeline.ingress.prediction.PredictionAnswer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The protocol's JSON objects (inference_rest.md), by the names the protocol gives them.
 */
final class ProtocolMessages {

	private ProtocolMessages() {
	}

	/** {@code $metadata_server_response}. */
	record ServerMetadata(String name, String version, List<String> extensions) {
	}

	/** {@code $live_server_response}. */
	record ServerLive(boolean live) {
	}

	/** {@code $ready_server_response}. */
	record ServerReady(boolean ready) {
	}

	/** {@code $ready_model_response}. */
	record ModelReady(String name, boolean ready) {
	}

	/** {@code $metadata_model_response}; tensors are {@code $metadata_tensor}s. */
	record ModelMetadata(String name, List<String> versions, String platform, List<ModelTensor> inputs,
			List<ModelTensor> outputs) {
	}

	/** {@code $inference_request}. */
	record InferenceRequest(@Nullable String id, @Nullable Map<String, Object> parameters,
			@Nullable List<RequestInput> inputs, @Nullable List<RequestOutput> outputs) {
	}

	/** {@code $request_input}: {@code data} flat or nested, row-major. */
	record RequestInput(@Nullable String name, @Nullable List<Long> shape, @Nullable String datatype,
			@Nullable Map<String, Object> parameters, @Nullable JsonNode data) {
	}

	/** {@code $request_output}. */
	record RequestOutput(@Nullable String name, @Nullable Map<String, Object> parameters) {
	}

	/** {@code $inference_response}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record InferenceResponse(@JsonProperty("model_name") String modelName,
			@JsonProperty("model_version") @Nullable String modelVersion, String id, Map<String, Object> parameters,
			List<ResponseOutput> outputs) implements PredictionAnswer {
	}

	/** {@code $response_output}: {@code data} flattened, row-major. */
	record ResponseOutput(String name, List<Long> shape, String datatype, List<JsonNode> data) {
	}

}
