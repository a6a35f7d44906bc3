package dev.pipeline.ingress.oip;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol v2 routes on the real application, through Kafka to the
 * test worker and back. Every answer, errors included, is checked against the protocol's
 * own OpenAPI document ({@link InferenceProtocolSpec}).
 */
class OpenInferenceProtocolTests extends PredictionPathTest {

	private static final InferenceProtocolSpec spec = InferenceProtocolSpec.load();

	private static final String SENTIMENT = "/v2/models/sentiment/infer";

	@Test
	void shouldDescribeTheServerAndItsHealth() {
		JsonNode server = spec.check("GET", "/v2", this.http.get("/v2"));
		assertThat(server.path("name").asString()).isEqualTo("pipeline-ingress");
		assertThat(server.path("extensions").isArray()).isTrue();

		// The probes need no credential, like /health.
		Http anonymous = new Http(this.port);
		assertThat(spec.check("GET", "/v2/health/live", anonymous.get("/v2/health/live")).path("live").booleanValue())
			.isTrue();
		HttpResponse<String> ready = anonymous.get("/v2/health/ready");
		assertThat(ready.statusCode()).isEqualTo(200);
		assertThat(spec.check("GET", "/v2/health/ready", ready).path("ready").booleanValue()).isTrue();
	}

	@Test
	void shouldListTheTensorsOfTheModelRepositorysConfig() {
		for (String path : List.of("/v2/models/sentiment", "/v2/models/sentiment/versions/1")) {
			JsonNode sentiment = spec.check("GET", path, this.http.get(path));
			assertThat(sentiment.path("name").asString()).isEqualTo("sentiment");
			assertThat(sentiment.path("versions").toString()).isEqualTo("[\"1\"]");
			assertThat(sentiment.path("platform").asString()).isEqualTo("onnx_onnxv1");
			assertThat(sentiment.path("inputs").toString())
				.isEqualTo("[{\"name\":\"text\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
			List<String> outputs = new ArrayList<>();
			sentiment.path("outputs").forEach(output -> outputs.add(output.path("name").asString()));
			assertThat(outputs).containsExactly("label", "score", "probabilities");
			assertThat(sentiment.path("outputs").get(2).path("shape").toString()).isEqualTo("[-1,2]");
		}
		JsonNode kalman = spec.check("GET", "/v2/models/kalman", this.http.get("/v2/models/kalman"));
		assertThat(kalman.path("inputs").toString())
			.isEqualTo("[{\"name\":\"series\",\"datatype\":\"FP64\",\"shape\":[-1,-1]}]");
		// A model announced by a worker older than tensors still has its metadata.
		JsonNode warming = spec.check("GET", "/v2/models/warming", this.http.get("/v2/models/warming"));
		assertThat(warming.path("inputs").get(0).path("datatype").asString()).isEqualTo("BYTES");
		assertThat(warming.path("outputs").get(0).path("name").asString()).isEqualTo("output");
	}

	@Test
	void shouldAnswerModelReadiness() {
		JsonNode ready = spec.check("GET", "/v2/models/sentiment/versions/1/ready",
				this.http.get("/v2/models/sentiment/versions/1/ready"));
		assertThat(ready.path("name").asString()).isEqualTo("sentiment");
		assertThat(ready.path("ready").booleanValue()).isTrue();
		assertThat(spec.check("GET", "/v2/models/kalman/ready", this.http.get("/v2/models/kalman/ready"))
			.path("ready")
			.booleanValue()).isTrue();

		HttpResponse<String> warming = this.http.get("/v2/models/warming/ready");
		assertThat(warming.statusCode()).isEqualTo(503);
		assertThat(warming.headers().firstValue("Retry-After")).isPresent();
		assertThat(spec.check("GET", "/v2/models/warming/ready", warming).path("error").asString())
			.contains("not ready");
	}

	@Test
	void shouldRefuseUnknownModelsAndVersions() {
		assertError(spec, "GET", "/v2/models/nope", this.http.get("/v2/models/nope"), 404, "nope");
		assertError(spec, "GET", "/v2/models/sentiment/versions/2", this.http.get("/v2/models/sentiment/versions/2"),
				404, "no version '2'");
		assertError(spec, "GET", "/v2/models/sentiment/versions/2/ready",
				this.http.get("/v2/models/sentiment/versions/2/ready"), 404, "no version '2'");
		assertError(spec, "POST", "/v2/models/sentiment/versions/2/infer",
				this.http.postJson("/v2/models/sentiment/versions/2/infer", texts("good")), 404, "no version '2'");
		assertError(spec, "POST", "/v2/models/nope/infer", this.http.postJson("/v2/models/nope/infer", texts("good")),
				404, "nope");
	}

	@Test
	void shouldClassifyABytesTensorOfTextsThroughKafka() {
		String request = """
				{"id": "42", "inputs": [{"name": "text", "shape": [2], "datatype": "BYTES",
				  "data": ["I love this film", "dull and long"]}]}""";
		spec.checkInferenceRequest(SENTIMENT, request);

		HttpResponse<String> response = this.http.postJson(SENTIMENT, request, "X-Request-Id",
				"oip-" + UUID.randomUUID());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = spec.check("POST", SENTIMENT, response);
		assertThat(body.path("model_name").asString()).isEqualTo("sentiment");
		assertThat(body.path("model_version").asString()).isEqualTo("1");
		// The protocol echoes the client's id; the prediction's own is a parameter.
		assertThat(body.path("id").asString()).isEqualTo("42");
		String predictionId = body.path("parameters").path("prediction_id").asString();
		assertThat(worker.received(predictionId)).isNotNull();
		assertThat(json(worker.received(predictionId).request().inputs()))
			.isEqualTo("[\"I love this film\",\"dull and long\"]");
		assertThat(body.path("parameters").path("queue_ms").doubleValue()).isEqualTo(1.0);
		assertThat(body.path("outputs").toString()).isEqualTo("""
				[{"name":"label","shape":[2],"datatype":"BYTES","data":["positive","negative"]},\
				{"name":"score","shape":[2],"datatype":"FP64","data":[0.93,0.88]},\
				{"name":"probabilities","shape":[2,2],"datatype":"FP64","data":[0.07,0.93,0.88,0.12]}]""");
	}

	@Test
	void shouldTakeTextsAsAColumnAndAnswerOnlyTheRequestedOutputs() {
		String path = "/v2/models/sentiment/versions/1/infer";
		String request = """
				{"inputs": [{"name": "text", "shape": [2, 1], "datatype": "BYTES", "data": [["great"], ["bad"]]}],
				 "outputs": [{"name": "label"}]}""";
		spec.checkInferenceRequest(path, request);

		JsonNode body = spec.check("POST", path, this.http.postJson(path, request));

		// Without an id of its own, the request's id is the prediction's.
		assertThat(body.path("id").asString()).isEqualTo(body.path("parameters").path("prediction_id").asString());
		assertThat(body.path("outputs").toString()).isEqualTo(
				"[{\"name\":\"label\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"positive\",\"negative\"]}]");
	}

	@Test
	void shouldFilterSeriesOfFp32AndFp64() {
		String path = "/v2/models/kalman/infer";
		String twoSeries = """
				{"inputs": [{"name": "series", "shape": [2, 3], "datatype": "FP32", "data": [1, 3, 5, 2, 2, 2]}],
				 "parameters": {"processNoise": 0.1}}""";
		spec.checkInferenceRequest(path, twoSeries);

		HttpResponse<String> response = this.http.postJson(path, twoSeries);

		JsonNode body = spec.check("POST", path, response);
		JsonNode estimates = body.path("outputs").get(0);
		assertThat(estimates.path("name").asString()).isEqualTo("estimates");
		assertThat(estimates.path("shape").toString()).isEqualTo("[2,3]");
		assertThat(estimates.path("data").toString()).isEqualTo("[1.0,2.0,3.5,2.0,2.0,2.0]");
		String id = body.path("parameters").path("prediction_id").asString();
		assertThat(json(worker.received(id).request().inputs())).isEqualTo("[[1,3,5],[2,2,2]]");
		assertThat(worker.received(id).request().parameters()).containsEntry("processNoise", 0.1);

		String oneSeries = """
				{"inputs": [{"name": "series", "shape": [3], "datatype": "FP64", "data": [1.5, 2.5, 3.5]}]}""";
		JsonNode one = spec.check("POST", path, this.http.postJson(path, oneSeries));
		assertThat(one.path("outputs").get(0).path("shape").toString()).isEqualTo("[1,3]");
	}

	@Test
	void shouldRefuseTensorsThatDoNotFitTheModel() {
		assertInvalid(texts("good").replace("BYTES", "FP32"), "datatype BYTES");
		assertInvalid(texts("good").replace("\"text\"", "\"input0\""), "no input tensor 'input0'");
		assertInvalid("""
				{"inputs": [{"name": "text", "shape": [3], "datatype": "BYTES", "data": ["a", "b"]}]}""",
				"does not match the 2 elements");
		assertInvalid("""
				{"inputs": [{"name": "text", "shape": [1, 2], "datatype": "BYTES", "data": ["a", "b"]}]}""",
				"shape [n] or [n, 1]");
		assertInvalid(texts("good").replace("}]}", "}], \"outputs\": [{\"name\": \"logits\"}]}"),
				"no output tensor 'logits'");
		assertInvalid("{\"inputs\": []}", "exactly one input tensor");
		// The pipeline's instance rules, named by the tensor's elements.
		assertInvalid("""
				{"inputs": [{"name": "text", "shape": [2], "datatype": "BYTES", "data": ["fine", ""]}]}""", "text[1]");
		assertInvalid("{\"inputs\": [", "not valid JSON");
		assertInvalid("""
				{"inputs": [{"name": "text", "shape": [0], "datatype": "BYTES", "data": []}]}""", "must not be empty");
		assertError(spec, "POST", "/v2/models/kalman/infer", this.http.postJson("/v2/models/kalman/infer", """
				{"inputs": [{"name": "series", "shape": [0, 99999999999], "datatype": "FP64", "data": []}]}"""), 400,
				"must not be empty");
		assertError(spec, "POST", "/v2/models/kalman/infer", this.http.postJson("/v2/models/kalman/infer", """
				{"inputs": [{"name": "series", "shape": [1, 2], "datatype": "BYTES", "data": ["a", "b"]}]}"""), 400,
				"FP32 or FP64");
	}

	@Test
	void shouldAnswerTheSpecificationsOwnExamplesWithItsErrorObject() {
		assertThat(spec.requestExamples()).hasSize(2);
		for (String json : spec.requestExamples()) {
			// Two input tensors (UINT32 and BOOL), or none: not what sentiment takes.
			assertError(spec, "POST", SENTIMENT, this.http.postJson(SENTIMENT, json), 400, "exactly one input tensor");
		}
	}

	@Test
	void shouldAnswerTheWorkersFailuresInTheProtocolsShape() {
		assertError(spec, "POST", SENTIMENT, this.http.postJson(SENTIMENT, texts("[invalid] text")), 400,
				"text is unusable");
		HttpResponse<String> expired = this.http.postJson(SENTIMENT, texts("[expired] text"));
		assertError(spec, "POST", SENTIMENT, expired, 503, "");
		assertThat(expired.headers().firstValue("Retry-After")).isPresent();
		HttpResponse<String> warming = this.http.postJson("/v2/models/warming/infer", texts("good"));
		assertError(spec, "POST", "/v2/models/warming/infer", warming, 503, "not ready");
		assertThat(warming.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void shouldHandBackAJobWhenTheWaitBudgetRunsOut() {
		HttpResponse<String> response = this.http.postJson(SENTIMENT, texts("[silent] takes its time"), "Prefer",
				"wait=1");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=1");
		JsonNode ticket = spec.check("POST", SENTIMENT, response);
		assertThat(ticket.path("status").asString()).isEqualTo("QUEUED");
		String id = ticket.path("id").asString();
		assertThat(response.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(Http.json(this.http.get("/v1/jobs/" + id)).path("status").asString()).isEqualTo("QUEUED");

		HttpResponse<String> async = this.http.postJson(SENTIMENT, texts("good"), "Prefer", "respond-async");
		assertThat(async.statusCode()).isEqualTo(202);
		spec.check("POST", SENTIMENT, async);
	}

	@Test
	void shouldReplayAnInferenceWithTheSameIdempotencyKey() {
		String key = "oip-" + UUID.randomUUID();
		HttpResponse<String> first = this.http.postJson(SENTIMENT, texts("good once"), "Idempotency-Key", key);
		assertThat(first.statusCode()).isEqualTo(200);
		JsonNode answer = spec.check("POST", SENTIMENT, first);
		String id = answer.path("parameters").path("prediction_id").asString();

		// Before the result is stored, the job; after, the result.
		HttpResponse<String> running = this.http.postJson(SENTIMENT, texts("good once"), "Idempotency-Key", key);
		storeResult(worker.answered(id));
		HttpResponse<String> replayed = this.http.postJson(SENTIMENT, texts("good once"), "Idempotency-Key", key);
		HttpResponse<String> conflict = this.http.postJson(SENTIMENT, texts("good twice"), "Idempotency-Key", key);

		assertThat(running.statusCode()).isEqualTo(202);
		assertThat(running.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(running.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.statusCode()).isEqualTo(200);
		assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		JsonNode again = spec.check("POST", SENTIMENT, replayed);
		assertThat(again.path("outputs")).isEqualTo(answer.path("outputs"));
		assertThat(again.path("parameters").path("prediction_id").asString()).isEqualTo(id);
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(Http.json(conflict).path("error").asString()).contains("Idempotency-Key");
	}

	@Test
	void shouldAnswerFilterAndRoutingRefusalsWithTheErrorObject() {
		Http anonymous = new Http(this.port);
		HttpResponse<String> noKey = anonymous.postJson(SENTIMENT, texts("good"));
		assertError(spec, "POST", SENTIMENT, noKey, 401, "API key");
		assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pipeline\"");
		assertError(spec, "GET", "/v2", Http.withApiKey(this.port, "pk_wrong").get("/v2"), 401, "unknown or has been");

		String large = texts("x".repeat(2 * 1024 * 1024));
		assertError(spec, "POST", SENTIMENT, this.http.postJson(SENTIMENT, large), 413, "");
		// Canonical paths only: a trailing slash, a path parameter.
		assertError(spec, "GET", "/v2", this.http.get("/v2/"), 400, "plainly");
		assertError(spec, "POST", SENTIMENT, this.http.postJson("/v2/models/sentiment;v=1/infer", texts("good")), 400,
				"plainly");
		assertError(spec, "POST", SENTIMENT, this.http.post(SENTIMENT, "text/plain", "good"), 415, "");
		assertError(spec, "GET", "/v2", this.http.get("/v2/no/such/route"), 404, "");
		HttpResponse<String> wrongMethod = this.http.get(SENTIMENT);
		assertError(spec, "GET", "/v2", wrongMethod, 405, "");
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void shouldChargeAndRateLimitInferenceLikePredictions() {
		TestAccount limited = createAccount(1_000_000, 2);
		Http client = Http.withApiKey(this.port, limited.apiKey());
		assertThat(client.postJson(SENTIMENT, texts("good")).statusCode()).isEqualTo(200);
		assertThat(client.postJson(SENTIMENT, texts("good")).statusCode()).isEqualTo(200);

		HttpResponse<String> refused = client.postJson(SENTIMENT, texts("good"));

		assertError(spec, "POST", SENTIMENT, refused, 429, "Rate limit of 2 requests per minute");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.headers().firstValue("RateLimit-Policy")).isPresent();

		TestAccount small = createAccount(3, 100);
		Http metered = Http.withApiKey(this.port, small.apiKey());
		assertThat(metered.postJson(SENTIMENT, texts("good", "great")).statusCode()).isEqualTo(200);
		assertError(spec, "POST", SENTIMENT, metered.postJson(SENTIMENT, texts("good", "great")), 429, "quota");
		// One unit left: the quota was charged per text, as on /v1.
		assertThat(metered.postJson(SENTIMENT, texts("good")).statusCode()).isEqualTo(200);
	}

	private void assertInvalid(String request, String message) {
		assertError(spec, "POST", SENTIMENT, this.http.postJson(SENTIMENT, request), 400, message);
	}

	private static void assertError(InferenceProtocolSpec spec, String method, String specPath,
			HttpResponse<String> response, int status, String message) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode body = spec.check(method, specPath, response);
		assertThat(body.path("error").asString()).containsIgnoringCase(message);
		assertThat(body.has("type")).as("no problem+json members").isFalse();
	}

	private static String json(Object value) {
		return PipelineJson.mapper().writeValueAsString(value);
	}

	private static String texts(String... texts) {
		return PipelineJson.mapper()
			.writeValueAsString(Map.of("inputs", List.of(Map.of("name", "text", "shape", List.of(texts.length),
					"datatype", "BYTES", "data", List.of(texts)))));
	}

}
