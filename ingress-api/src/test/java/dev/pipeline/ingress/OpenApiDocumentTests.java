package dev.pipeline.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import dev.pipeline.contracts.PipelineJson;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The OpenAPI document at {@code /v3/api-docs} is one a client generator can use:
 * swagger-parser reads it without a message, every operation has typed bodies, a security
 * requirement and the problem responses it can answer, and a Java client that
 * openapi-generator generates from it calls the running stack (Kafka, PostgreSQL, Redis
 * and the test worker) and gets typed answers.
 */
class OpenApiDocumentTests extends PredictionPathTest {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String PROBLEM_SCHEMA = "#/components/schemas/ApiProblem";

	/**
	 * /v2 routes answer errors in the Open Inference Protocol's {@code {"error"}} shape.
	 */
	private static final String INFERENCE_ERROR_SCHEMA = "#/components/schemas/InferenceError";

	@Test
	void shouldServeADocumentThatParsesWithoutMessages() {
		SwaggerParseResult result = parse(document());

		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getPaths()).containsKeys("/v1/models/{model}/predict", "/v1/models/{model}/jobs",
				"/v1/jobs/{id}", "/v1/models", "/v1/account", "/v1/admin/accounts", "/v1/metrics",
				"/v1/analysis/performance", "/predict", "/health");
	}

	@Test
	@SuppressWarnings("rawtypes")
	void shouldTypeTheBodiesOfEveryOperation() {
		OpenAPI api = parse(document()).getOpenAPI();
		// Jackson's tree class and the resolved caller are no shapes of this API.
		assertThat(api.getComponents().getSchemas()).doesNotContainKeys("JsonNode", "ObjectNode", "Caller");
		List<String> untyped = new ArrayList<>();

		forEachOperation(api, (name, operation) -> {
			if (operation.getOperationId() == null) {
				untyped.add(name + " has no operationId");
			}
			if (operation.getRequestBody() != null && !typed(api, operation.getRequestBody().getContent())) {
				untyped.add(name + " request body");
			}
			operation.getResponses().forEach((status, response) -> {
				if (!status.equals("204") && !typed(api, response.getContent())) {
					untyped.add(name + " response " + status);
				}
			});
		});

		assertThat(untyped).isEmpty();
		// The bodies bound as sent still say their shape.
		Map<String, Schema> request = api.getComponents().getSchemas().get("PredictionRequest").getProperties();
		assertThat(type(request.get("inputs"))).isEqualTo("array");
		assertThat(type(request.get("parameters"))).isEqualTo("object");
		assertThat(api.getComponents().getSchemas().get("PredictionRequest").getRequired()).containsExactly("inputs");
		Map<String, Schema> kalman = api.getComponents().getSchemas().get("KalmanAnswer").getProperties();
		assertThat(type(kalman.get("processed_results"))).isEqualTo("array");
	}

	/**
	 * A job may name a {@code callbackUrl}, a synchronous prediction may not: the job
	 * route has a request schema of its own, the prediction's plus that field, so a
	 * generated client can set it.
	 */
	@Test
	@SuppressWarnings("rawtypes")
	void shouldLetOnlyAJobRequestNameACallbackUrl() {
		OpenAPI api = parse(document()).getOpenAPI();
		Map<String, Schema> schemas = api.getComponents().getSchemas();

		assertThat(requestSchemaOf(api, "/v1/models/{model}/predict")).isEqualTo("PredictionRequest");
		assertThat(schemas.get("PredictionRequest").getProperties()).doesNotContainKey("callbackUrl");
		assertThat(requestSchemaOf(api, "/v1/models/{model}/jobs")).isEqualTo("JobRequest");
		Schema job = schemas.get("JobRequest");
		assertThat(job.getProperties()).containsKeys("inputs", "parameters", "modelVersion", "callbackUrl");
		assertThat(job.getRequired()).containsExactly("inputs");
		Schema callbackUrl = (Schema) job.getProperties().get("callbackUrl");
		assertThat(type(callbackUrl)).isEqualTo("string");
		assertThat(callbackUrl.getFormat()).isEqualTo("uri");
		assertThat(callbackUrl.getMaxLength()).isEqualTo(2048);
	}

	@Test
	void shouldRequireACredentialOnEveryOperationButHealth() {
		OpenAPI api = parse(document()).getOpenAPI();
		Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
		assertThat(schemes.get("apiKey").getIn()).isEqualTo(SecurityScheme.In.HEADER);
		assertThat(schemes.get("apiKey").getName()).isEqualTo("X-API-Key");
		assertThat(schemes.get("bearer").getType()).isEqualTo(SecurityScheme.Type.HTTP);
		assertThat(schemes.get("bearer").getScheme()).isEqualTo("bearer");
		assertThat(schemes.get("adminToken").getName()).isEqualTo("X-Admin-Token");
		List<String> wrong = new ArrayList<>();

		forEachOperation(api, (name, operation) -> {
			List<SecurityRequirement> security = (operation.getSecurity() != null) ? operation.getSecurity()
					: api.getSecurity();
			Set<String> names = new TreeSet<>();
			if (security != null) {
				security.forEach((requirement) -> names.addAll(requirement.keySet()));
			}
			Set<String> expected = isPublic(name) ? Set.of()
					: name.contains("/admin/") || name.equals("PUT /v1/metrics/thresholds")
							|| name.equals("PUT /metrics/thresholds") ? Set.of("adminToken")
									: Set.of("apiKey", "bearer", "adminToken");
			if (!names.equals(expected)) {
				wrong.add(name + " requires " + names + ", expected " + expected);
			}
		});

		assertThat(wrong).isEmpty();
	}

	@Test
	void shouldDocumentTheProblemsEachOperationCanAnswer() {
		OpenAPI api = parse(document()).getOpenAPI();
		assertThat(api.getComponents().getSchemas().get("ApiProblem").getProperties()).containsKeys("type", "title",
				"status", "detail", "instance");
		List<String> missing = new ArrayList<>();

		forEachOperation(api, (name, operation) -> {
			if (isPublic(name)) {
				return;
			}
			boolean protocol = name.contains(" /v2");
			List<String> statuses = new ArrayList<>(List.of("400", "401", "429", "503"));
			if (operation.getRequestBody() != null) {
				// The Open Inference Protocol has no 422: invalid input is its 400.
				statuses.addAll(protocol ? List.of("413", "415") : List.of("413", "415", "422"));
			}
			if (protocol) {
				statuses.add("404");
			}
			if (name.contains("/admin/")) {
				statuses.add("403");
			}
			if (name.equals("POST /v1/models/{model}/predict") || name.equals("POST /v1/models/{model}/jobs")) {
				statuses.addAll(List.of("404", "409"));
			}
			if (name.equals("GET /v1/jobs/{id}") || name.equals("GET /v1/analysis/{id}")) {
				statuses.add("404");
			}
			for (String status : statuses) {
				ApiResponse response = operation.getResponses().get(status);
				MediaType problem = (response != null && response.getContent() != null)
						? response.getContent().get(protocol ? "application/json" : PROBLEM_JSON) : null;
				if (problem == null || !(protocol ? INFERENCE_ERROR_SCHEMA : PROBLEM_SCHEMA)
					.equals(problem.getSchema().get$ref())) {
					missing.add(name + " " + status);
				}
			}
		});

		assertThat(missing).isEmpty();
	}

	@Test
	void shouldServeSwaggerUiWithoutACredential() {
		Http anonymous = new Http(this.port);

		HttpResponse<String> page = anonymous.get("/swagger-ui/index.html");
		HttpResponse<String> config = anonymous.get("/v3/api-docs/swagger-config");

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("swagger-ui");
		assertThat(anonymous.get("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/swagger-ui/swagger-initializer.js").statusCode()).isEqualTo(200);
		assertThat(config.statusCode()).isEqualTo(200);
		assertThat(Http.json(config).path("url").asString()).isEqualTo("/v3/api-docs");
		assertThat(anonymous.get("/swagger-ui.html").statusCode()).isEqualTo(302);
	}

	@Test
	void shouldCallTheStackWithAClientGeneratedFromTheDocument() throws IOException {
		GeneratedClient client = GeneratedClient.generate(document(), GeneratedClient.directory("openapi-client"),
				"http://localhost:" + this.port, "X-API-Key", this.account.apiKey());

		JsonNode models = json(client.json(client.call("ModelsApi", "listModels")));
		assertThat(models.path("models").findValuesAsString("name")).contains("sentiment", "kalman");

		Object prediction = client.call("PredictionsApi", "predict", "sentiment", "{\"inputs\": [\"I love it\"]}",
				"wait=10", null);
		assertThat(prediction.getClass()).isEqualTo(client.modelClass("PredictionBody"));
		JsonNode body = json(client.json(prediction));
		assertThat(body.path("model").asString()).isEqualTo("sentiment");
		assertThat(body.path("outputs").get(0).path("label").asString()).isEqualTo("positive");
		assertThat(body.path("timings").path("totalMs").doubleValue()).isPositive();

		JsonNode ticket = json(client.json(client.call("JobsApi", "submitJob", "sentiment",
				"{\"inputs\": [\"I love it\"], \"parameters\": {}}", null)));
		assertThat(ticket.path("status").asString()).isEqualTo("QUEUED");
		String jobId = ticket.path("id").asString();
		// The metrics-aggregator stores results; this test stands in for it.
		storeResult(jobId, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", Instant.now(), Instant.now(),
				this.account.id());
		Object job = client.call("JobsApi", "getJob", jobId);
		assertThat(job.getClass()).isEqualTo(client.modelClass("JobView"));
		JsonNode view = json(client.json(job));
		assertThat(view.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(view.path("result").path("outputs").get(0).path("label").asString()).isEqualTo("positive");

		Object filtered = client.call("CompatibilityApi", "filterSeries", this.account.id(), "{\"results\": [2, 4, 6]}",
				"wait=10");
		assertThat(filtered.getClass()).isEqualTo(client.modelClass("KalmanAnswer"));
		assertThat(json(client.json(filtered)).path("processed_results").size()).isEqualTo(3);

		// A problem reaches the client as its ApiException, with the problem+json body.
		Throwable refused = catchThrowable(
				() -> client.call("PredictionsApi", "predict", "no-such-model", "{\"inputs\": [\"x\"]}", null, null));
		assertThat(refused.getCause().getClass().getSimpleName()).isEqualTo("ApiException");
		assertThat(refused.getCause()).hasFieldOrPropertyWithValue("code", 404);
		assertThat(refused.getCause()).extracting("responseBody")
			.asString()
			.contains("urn:pipeline:problem:unknown-model");

		JsonNode account = json(client.json(client.call("AccountApi", "getAccount")));
		assertThat(account.path("id").asString()).isEqualTo(this.account.id());

		JsonNode count = json(client.json(client.call("MetricsApi", "countPredictions", null, null, null)));
		assertThat(count.has("count")).isTrue();
	}

	private String document() {
		HttpResponse<String> response = new Http(this.port).get("/v3/api-docs");
		assertThat(response.statusCode()).isEqualTo(200);
		try {
			Files.createDirectories(GeneratedClient.directory(""));
			Files.writeString(GeneratedClient.directory("api-docs.json"), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return response.body();
	}

	/**
	 * The name of the component the POST body of {@code path} refers to, in every media
	 * type.
	 */
	private static String requestSchemaOf(OpenAPI api, String path) {
		Set<String> refs = new TreeSet<>();
		api.getPaths()
			.get(path)
			.getPost()
			.getRequestBody()
			.getContent()
			.values()
			.forEach((media) -> refs.add(String.valueOf(media.getSchema().get$ref())));
		assertThat(refs).as(path).hasSize(1);
		String ref = refs.iterator().next();
		return ref.substring(ref.lastIndexOf('/') + 1);
	}

	private static SwaggerParseResult parse(String document) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		return new OpenAPIV3Parser().readContents(document, null, options);
	}

	private static void forEachOperation(OpenAPI api, BiConsumer<String, Operation> action) {
		api.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> action.accept(method + " " + path, operation)));
	}

	/**
	 * Whether every media type of {@code content} has a schema a generator can type: a
	 * reference to a component with properties, or an array or map of such, or a scalar.
	 */
	private static boolean typed(OpenAPI api, Content content) {
		return content != null && !content.isEmpty()
				&& content.values().stream().allMatch((media) -> typed(api, media.getSchema()));
	}

	@SuppressWarnings("rawtypes")
	private static boolean typed(OpenAPI api, Schema schema) {
		if (schema == null) {
			return false;
		}
		if (schema.get$ref() != null) {
			String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			Schema target = api.getComponents().getSchemas().get(name);
			return target != null && target.getProperties() != null && !target.getProperties().isEmpty();
		}
		String type = type(schema);
		if ("array".equals(type)) {
			return typed(api, schema.getItems());
		}
		if ("object".equals(type)) {
			return (schema.getProperties() != null && !schema.getProperties().isEmpty())
					|| schema.getAdditionalProperties() instanceof Schema values && typed(api, values);
		}
		return type != null;
	}

	@SuppressWarnings("rawtypes")
	private static String type(Schema schema) {
		if (schema.getType() != null) {
			return schema.getType();
		}
		Set<?> types = schema.getTypes();
		return (types != null && types.size() == 1) ? String.valueOf(types.iterator().next()) : null;
	}

	private static JsonNode json(String json) {
		return PipelineJson.mapper().readTree(json);
	}

	private static boolean isPublic(String operation) {
		return operation.equals("GET /health") || operation.equals("GET /v2/health/live")
				|| operation.equals("GET /v2/health/ready");
	}

}
