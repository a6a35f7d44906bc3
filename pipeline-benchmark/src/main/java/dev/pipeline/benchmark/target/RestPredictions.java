package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/models/{model}/predict} with one instance: the synchronous route,
 * answered through the reply topic. The request asks for a long wait budget
 * ({@code Prefer: wait}) so a saturated point measures queueing instead of turning into
 * jobs; a 202 still counts as a failure of the synchronous route.
 */
public final class RestPredictions {

	/**
	 * Seconds the ingress may wait for the reply (API.md: capped by its configuration).
	 */
	static final int WAIT_SECONDS = 30;

	private RestPredictions() {
	}

	/**
	 * @param modelVersion the version the body pins ({@code modelVersion}); {@code null}
	 * for the model's default
	 */
	public static Operation sentiment(IngressClient client, Workload workload, @Nullable String modelVersion) {
		return predict(client, "sentiment", modelVersion, () -> PipelineJson.mapper().valueToTree(workload.nextText()));
	}

	public static Operation kalman(IngressClient client, Workload workload) {
		return predict(client, "kalman", null, workload::nextSeries);
	}

	private static Operation predict(IngressClient client, String model, @Nullable String modelVersion,
			Supplier<JsonNode> instance) {
		return () -> {
			String[] headers = { "Prefer", "wait=" + WAIT_SECONDS };
			HttpResponse<String> response = client.post(path(model), body(List.of(instance.get()), modelVersion),
					headers);
			if (response.statusCode() != 200) {
				throw new HttpFailure("POST " + path(model), response.statusCode(), response.body());
			}
			return 1;
		};
	}

	/**
	 * One synchronous prediction of one instance, with the wait budget asked for.
	 * @param headers extra headers as name, value, ...
	 */
	public static HttpResponse<String> predict(IngressClient client, String model, JsonNode instance, int waitSeconds,
			String... headers) throws IOException, InterruptedException {
		String[] all = Arrays.copyOf(headers, headers.length + 2);
		all[headers.length] = "Prefer";
		all[headers.length + 1] = "wait=" + waitSeconds;
		return client.post(path(model), body(List.of(instance)), all);
	}

	private static String path(String model) {
		return "/v1/models/" + model + "/predict";
	}

	public static String body(List<JsonNode> inputs) {
		return body(inputs, null);
	}

	/** A prediction or job body, pinned to a model version when one is given. */
	public static String body(List<JsonNode> inputs, @Nullable String modelVersion) {
		ObjectNode body = PipelineJson.mapper().createObjectNode();
		if (modelVersion != null) {
			body.put("modelVersion", modelVersion);
		}
		body.putArray("inputs").addAll(inputs);
		return PipelineJson.mapper().writeValueAsString(body);
	}

}
