package dev.pipeline.ingress.oip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.pipeline.ingress.Http;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol's OpenAPI document ({@code open_inference_rest.yaml}, as
 * published) and a validator of answers against it (Atlassian's
 * swagger-request-validator). Loading it adjusts it in memory where the document says
 * less than the protocol's text (inference_rest.md), and nowhere else:
 * <ul>
 * <li>its path templates read {@code ${MODEL_NAME}}, which a validator takes as a literal
 * {@code $} before the parameter: read as {@code {MODEL_NAME}};</li>
 * <li>server metadata is {@code /v2/} there and {@code v2} in the text (and in every
 * client): read as {@code /v2};</li>
 * <li>the version is optional in the text ({@code [/versions/<v>]}) but every path of the
 * document has one: each versioned path is also read without it;</li>
 * <li>the text gives the probes' answers ({@code $live_server_response},
 * {@code $ready_server_response}, {@code $ready_model_response}), the document gives
 * their 200 no body: it is read with those objects;</li>
 * <li>the text says every failure is an HTTP error status with the error object, the
 * document lists only 400 for some routes: every operation gets a {@code default}
 * response of {@code metadata_server_error_response} ({@code {"error"}} required);</li>
 * <li>the pipeline's one extension: {@code 202} on inference, the job a request became
 * ({@code {"id", "status"}}).</li>
 * </ul>
 */
final class InferenceProtocolSpec {

	private static final String RESOURCE = "/open-inference-protocol/open_inference_rest.yaml";

	private static final String VERSION = "/versions/{MODEL_VERSION}";

	private final OpenAPI api;

	private final OpenApiInteractionValidator validator;

	private InferenceProtocolSpec(OpenAPI api) {
		this.api = api;
		this.validator = OpenApiInteractionValidator.createFor(api).build();
	}

	static InferenceProtocolSpec load() {
		String yaml = read().replace("${MODEL_NAME}", "{MODEL_NAME}")
			.replace("${MODEL_VERSION}", "{MODEL_VERSION}")
			.replace("\n  /v2/:\n", "\n  /v2:\n");
		OpenAPI api = parse(yaml);
		addUnversionedPaths(api, parse(yaml));
		probe(api, "/v2/health/live",
				new ObjectSchema().addProperty("live", new BooleanSchema()).required(List.of("live")));
		probe(api, "/v2/health/ready",
				new ObjectSchema().addProperty("ready", new BooleanSchema()).required(List.of("ready")));
		Schema<?> modelReady = new ObjectSchema().addProperty("name", new StringSchema())
			.addProperty("ready", new BooleanSchema())
			.required(List.of("name", "ready"));
		probe(api, "/v2/models/{MODEL_NAME}/ready", modelReady);
		probe(api, "/v2/models/{MODEL_NAME}/versions/{MODEL_VERSION}/ready", modelReady);
		api.getPaths().values().forEach(path -> path.readOperations().forEach(InferenceProtocolSpec::addErrors));
		api.getPaths()
			.get("/v2/models/{MODEL_NAME}/infer")
			.getPost()
			.getResponses()
			.addApiResponse("202",
					json("The request became a job: poll Location (the pipeline's extension)",
							new ObjectSchema().addProperty("id", new StringSchema())
								.addProperty("status", new StringSchema())
								.required(List.of("id", "status"))));
		return new InferenceProtocolSpec(api);
	}

	/**
	 * The document's own example requests ({@code x-examples} of inference_request), as
	 * JSON.
	 */
	@SuppressWarnings("unchecked")
	List<String> requestExamples() {
		Schema<?> request = this.api.getComponents().getSchemas().get("inference_request");
		Map<String, Object> examples = (Map<String, Object>) request.getExtensions().get("x-examples");
		List<String> json = new ArrayList<>();
		examples.values().forEach(example -> json.add(Json.pretty(example)));
		return json;
	}

	/**
	 * Checks an answer against the document: the operation its path and method match, the
	 * status, and the body's schema; an error status must carry the protocol's error
	 * object.
	 * @return the body as JSON
	 */
	JsonNode check(String method, String path, HttpResponse<String> response) {
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode())
			.withContentType(contentType);
		response.headers().map().forEach((name, values) -> answer.withHeader(name, values));
		if (!response.body().isEmpty()) {
			answer.withBody(response.body());
		}
		ValidationReport report = this.validator.validateResponse(path, Request.Method.valueOf(method), answer.build());
		assertThat(report.getMessages())
			.as("%s %s answered %s %s", method, path, response.statusCode(), response.body())
			.isEmpty();
		assertThat(contentType).as("%s %s", method, path).startsWith("application/json");
		JsonNode body = Http.json(response);
		if (response.statusCode() >= 400) {
			assertThat(body.path("error").isString()).as("error object of %s", response.body()).isTrue();
		}
		return body;
	}

	/** Checks a request body against the document's inference_request. */
	void checkInferenceRequest(String path, String json) {
		ValidationReport report = this.validator.validateRequest(
				SimpleRequest.Builder.post(path).withContentType("application/json").withBody(json).build());
		assertThat(errors(report)).as("request %s", json).isEmpty();
	}

	private static List<String> errors(ValidationReport report) {
		return report.getMessages()
			.stream()
			.filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
			.map(ValidationReport.Message::toString)
			.toList();
	}

	/**
	 * Adds each versioned path without its version, from a second reading of the document
	 * so that no operation is shared.
	 */
	private static void addUnversionedPaths(OpenAPI api, OpenAPI copy) {
		copy.getPaths().forEach((path, item) -> {
			if (path.contains(VERSION)) {
				withoutVersion(item.getParameters());
				item.readOperations().forEach(operation -> withoutVersion(operation.getParameters()));
				api.getPaths().addPathItem(path.replace(VERSION, ""), item);
			}
		});
	}

	private static void withoutVersion(List<Parameter> parameters) {
		if (parameters != null) {
			parameters.removeIf(parameter -> "MODEL_VERSION".equals(parameter.getName()));
		}
	}

	private static void probe(OpenAPI api, String path, Schema<?> answer) {
		api.getPaths().get(path).getGet().getResponses().addApiResponse("200", json("OK", answer));
	}

	private static void addErrors(Operation operation) {
		Schema<?> error = new Schema<>().$ref("#/components/schemas/metadata_server_error_response");
		operation.getResponses()
			.addApiResponse("default", json("Any failure: an HTTP error status and the error object", error));
	}

	private static ApiResponse json(String description, Schema<?> schema) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/json", new MediaType().schema(schema)));
	}

	private static OpenAPI parse(String yaml) {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml, null, options);
		assertThat(parsed.getOpenAPI()).as("parsed %s: %s", RESOURCE, parsed.getMessages()).isNotNull();
		return parsed.getOpenAPI();
	}

	private static String read() {
		try (InputStream in = InferenceProtocolSpec.class.getResourceAsStream(RESOURCE)) {
			assertThat(in).as(RESOURCE).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
