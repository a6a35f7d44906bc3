package dev.pipeline.benchmark.compression;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.target.HttpFailure;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.benchmark.target.RestPredictions;
import dev.pipeline.benchmark.target.Workload;
import dev.pipeline.contracts.PipelineJson;
import tools.jackson.databind.JsonNode;

/**
 * The calls the compression scenario compares (docs/benchmarks.md, "Compression"): a
 * metrics range query and a synchronous prediction of many Kalman series, each without
 * and with {@code Accept-Encoding: gzip}, and the prediction with a gzip request body as
 * well. Kalman, because its compute is next to nothing: what changes between the variants
 * is the coding, not the model. Every variant decodes and parses its response, as a
 * client would, so the client's CPU of either coding is measured.
 */
public final class CompressionScenario {

	/** The metrics query's span and step: one point a minute over the last hour. */
	static final String STEP = "1m";

	private final IngressClient client;

	private final Workload workload;

	private final int instances;

	private CompressionScenario(IngressClient client, Workload workload, int instances) {
		this.client = client;
		this.workload = workload;
		this.instances = instances;
	}

	/**
	 * Sends one prediction of {@code wanted} instances; if the stack refuses that many
	 * (its {@code ingress.prediction.limits.max-instances}, 64 by default), the scenario
	 * sends as many as the limit the problem names.
	 */
	public static CompressionScenario prepare(IngressClient client, Workload workload, int wanted) throws Exception {
		CompressionScenario scenario = new CompressionScenario(client, workload, wanted);
		HttpResponse<byte[]> answer = scenario.predict(false, false);
		if (answer.statusCode() == 200) {
			return scenario;
		}
		String problem = new String(answer.body(), StandardCharsets.UTF_8);
		OptionalInt limit = InstanceLimit.parse(problem);
		if (limit.isEmpty() || limit.getAsInt() >= wanted) {
			throw new HttpFailure("POST /v1/models/kalman/predict with " + wanted + " instances", answer.statusCode(),
					problem);
		}
		return new CompressionScenario(client, workload, limit.getAsInt());
	}

	/** Instances in each prediction: the ones asked for, or the stack's limit. */
	public int instances() {
		return this.instances;
	}

	/**
	 * The prediction variants, then the metrics ones: the predictions leave data in the
	 * account's metrics, so its range query has points to answer. The range is fixed
	 * here, so every metrics request asks for the same hour.
	 */
	public List<Variant> variants() {
		Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
		String metrics = "/v1/metrics?model=kalman&from=" + encode(to.minus(1, ChronoUnit.HOURS).toString()) + "&to="
				+ encode(to.toString()) + "&step=" + STEP;
		List<Variant> variants = new ArrayList<>();
		String predict = "predict" + this.instances;
		variants.add(prediction(predict + "-identity", false, false));
		variants.add(prediction(predict + "-gzip-response", false, true));
		variants.add(prediction(predict + "-gzip-both", true, true));
		variants.add(metrics("metrics-identity", metrics, false));
		variants.add(metrics("metrics-gzip-response", metrics, true));
		return List.copyOf(variants);
	}

	private Variant prediction(String name, boolean gzipRequest, boolean gzipResponse) {
		WireCounter counter = new WireCounter();
		int count = this.instances;
		return new Variant("compression-" + name, () -> {
			Sent sent = send(gzipRequest, gzipResponse);
			receive("POST /v1/models/kalman/predict", sent.response(), sent.requestBytes(), counter);
			return count;
		}, counter);
	}

	private Variant metrics(String name, String path, boolean gzipResponse) {
		WireCounter counter = new WireCounter();
		return new Variant("compression-" + name, () -> {
			HttpResponse<byte[]> response = gzipResponse ? this.client.exchange(path, null, "Accept-Encoding", "gzip")
					: this.client.exchange(path, null);
			receive("GET /v1/metrics", response, 0, counter);
			return 1;
		}, counter);
	}

	private HttpResponse<byte[]> predict(boolean gzipRequest, boolean gzipResponse) throws Exception {
		return send(gzipRequest, gzipResponse).response();
	}

	private Sent send(boolean gzipRequest, boolean gzipResponse) throws Exception {
		List<JsonNode> series = new ArrayList<>(this.instances);
		for (int i = 0; i < this.instances; i++) {
			series.add(this.workload.nextSeries());
		}
		byte[] body = RestPredictions.body(series).getBytes(StandardCharsets.UTF_8);
		List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Prefer", "wait=30"));
		if (gzipRequest) {
			body = Gzip.compress(body);
			headers.addAll(List.of("Content-Encoding", "gzip"));
		}
		if (gzipResponse) {
			headers.addAll(List.of("Accept-Encoding", "gzip"));
		}
		return new Sent(this.client.exchange("/v1/models/kalman/predict", body, headers.toArray(String[]::new)),
				body.length);
	}

	private static void receive(String what, HttpResponse<byte[]> response, long requestBytes, WireCounter counter)
			throws HttpFailure {
		java.util.Optional<String> coding = response.headers().firstValue("Content-Encoding");
		byte[] decoded = Gzip.decode(response.body(), coding);
		if (response.statusCode() != 200) {
			throw new HttpFailure(what, response.statusCode(), new String(decoded, StandardCharsets.UTF_8));
		}
		PipelineJson.mapper().readTree(decoded);
		counter.record(requestBytes, response.body().length, decoded.length, coding.isPresent());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Sent(HttpResponse<byte[]> response, long requestBytes) {
	}

	/**
	 * One way of making the same call: its scenario name, the call, and the bytes its
	 * calls moved since {@link #resetWire}.
	 */
	public static final class Variant {

		private final String scenario;

		private final Operation operation;

		private final WireCounter counter;

		Variant(String scenario, Operation operation, WireCounter counter) {
			this.scenario = scenario;
			this.operation = operation;
			this.counter = counter;
		}

		public String scenario() {
			return this.scenario;
		}

		public Operation operation() {
			return this.operation;
		}

		public void resetWire() {
			this.counter.reset();
		}

		/** Mean body bytes per request since the last reset (see WireCounter). */
		public Map<String, Object> wireFigures() {
			return this.counter.figures();
		}

	}

}
