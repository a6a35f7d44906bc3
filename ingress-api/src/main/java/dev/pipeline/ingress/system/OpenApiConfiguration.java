package dev.pipeline.ingress.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document springdoc serves at {@code /v3/api-docs} (and Swagger UI at
 * {@code /swagger-ui.html}): the credentials of docs/accounts.md as security schemes, and
 * on every operation the problem+json answers it can give, so a generated client knows
 * them. The schemes are alternatives: an API key in {@code X-API-Key} or as a bearer
 * token, or the admin token; admin routes narrow that to the admin token with
 * {@code @SecurityRequirement(name = "adminToken")}, public ones clear it with an empty
 * {@code @SecurityRequirements}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	static final String ADMIN_TOKEN = "adminToken";

	static final String PROBLEM = "ApiProblem";

	/** The Open Inference Protocol's error object, {@code {"error": "..."}}. */
	static final String INFERENCE_ERROR = "InferenceError";

	private static final String PROBLEM_JSON = "application/problem+json";

	static {
		// Model outputs and a few echoed inputs are JSON of a shape the model decides:
		// any JSON value, not the accessors of Jackson's tree class.
		SpringDocUtils.getConfig()
			.replaceWithSchema(JsonNode.class, new Schema<>().description("Any JSON value, as the model defines it"));
	}

	@Bean
	OpenAPI ingressOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Prediction pipeline ingress API")
				.version("v1")
				.description("Predictions through Kafka, jobs, accounts, metrics and analysis. "
						+ "Errors are RFC 9457 problem+json; see docs/api.md."))
			.components(new Components()
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-API-Key")
							.description("An account's API key (POST /v1/admin/accounts shows it once)."))
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The same API key as `Authorization: Bearer <api-key>`."))
				.addSecuritySchemes(ADMIN_TOKEN,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-Admin-Token")
							.description("The configured admin token (ingress.accounts.admin-token): "
									+ "the admin API, and every account's data elsewhere."))
				.addSchemas(PROBLEM, problemSchema())
				.addSchemas(INFERENCE_ERROR,
						new ObjectSchema().description("An Open Inference Protocol error (/v2 routes)")
							.addProperty("error", new StringSchema())
							.required(List.of("error"))))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN));
	}

	/**
	 * Adds the problem answers of each operation: those every authenticated route has
	 * (the path check, authentication, rate limits, a dependency down), those of a route
	 * with a body, 403 on admin routes, and the route's own from
	 * {@link ProblemResponses}.
	 */
	@Bean
	OperationCustomizer problemResponses() {
		return (operation, handler) -> {
			if (isPublic(operation)) {
				return operation;
			}
			boolean protocol = isInferenceProtocol(handler);
			List<Integer> statuses = new ArrayList<>(List.of(400, 401, 429, 503));
			if (operation.getRequestBody() != null) {
				// The protocol has no 422: invalid input is its 400.
				statuses.addAll(protocol ? List.of(413, 415) : List.of(413, 415, 422));
			}
			if (isAdminOnly(operation)) {
				statuses.add(403);
			}
			if (protocol) {
				statuses.add(404);
			}
			statuses.addAll(declared(handler));
			Map<Integer, ApiResponse> problems = new TreeMap<>();
			statuses.forEach((status) -> problems.put(status, protocol ? inferenceError(status) : problem(status)));
			problems
				.forEach((status, response) -> operation.getResponses().putIfAbsent(String.valueOf(status), response));
			return operation;
		};
	}

	/**
	 * Open Inference Protocol routes answer errors in the protocol's own shape
	 * ({@link InferenceProtocolErrors}), not problem+json.
	 */
	private static boolean isInferenceProtocol(HandlerMethod handler) {
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
		return mapping != null && mapping.path().length > 0
				&& Arrays.stream(mapping.path()).allMatch((path) -> path.startsWith("/v2"));
	}

	private static ApiResponse inferenceError(int status) {
		return new ApiResponse().description(description(status))
			.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + INFERENCE_ERROR))));
	}

	private static boolean isPublic(Operation operation) {
		return operation.getSecurity() != null && operation.getSecurity().isEmpty();
	}

	private static boolean isAdminOnly(Operation operation) {
		return operation.getSecurity() != null && operation.getSecurity()
			.stream()
			.allMatch((requirement) -> requirement.keySet().equals(Set.of(ADMIN_TOKEN)));
	}

	private static List<Integer> declared(HandlerMethod handler) {
		ProblemResponses onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
				ProblemResponses.class);
		ProblemResponses onType = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(),
				ProblemResponses.class);
		return IntStream
			.concat((onMethod != null) ? IntStream.of(onMethod.value()) : IntStream.empty(),
					(onType != null) ? IntStream.of(onType.value()) : IntStream.empty())
			.boxed()
			.toList();
	}

	private static ApiResponse problem(int status) {
		return new ApiResponse().description(description(status))
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	/** What each status means on this API (API.md, "Conventions"). */
	private static String description(int status) {
		return switch (status) {
			case 400 -> "Malformed JSON, a bad parameter or header, or a non-canonical path";
			case 401 -> "No credential, or an unknown or revoked one";
			case 403 -> "Authenticated, but not allowed (e.g. an API key on an admin route)";
			case 404 -> "Unknown resource, or another account's";
			case 409 -> "Conflict (an Idempotency-Key reused with another body, a name taken)";
			case 413 -> "Body larger than ingress.http.max-body-size";
			case 415 -> "Content-Type is not application/json";
			case 422 -> "Well-formed but invalid input; `errors` lists each field's problem";
			case 429 -> "Rate limit or quota exhausted; see Retry-After and `detail`";
			case 500 -> "The model failed on a valid input";
			case 503 -> "A dependency (Kafka, PostgreSQL, Redis) or the model is unavailable; see Retry-After";
			default -> HttpStatus.valueOf(status).getReasonPhrase();
		};
	}

	/** RFC 9457's members plus the extensions this API uses (docs/api.md). */
	private static Schema<?> problemSchema() {
		ObjectSchema fieldProblem = new ObjectSchema();
		fieldProblem.addProperty("field", new StringSchema().description("the field, e.g. inputs[2]"));
		fieldProblem.addProperty("message", new StringSchema());
		fieldProblem.setRequired(List.of("field", "message"));
		ObjectSchema schema = new ObjectSchema();
		schema.description("An RFC 9457 problem; further extension members may appear.");
		schema.addProperty("type", new StringSchema().format("uri").example("urn:pipeline:problem:invalid-input"));
		schema.addProperty("title", new StringSchema().example("Invalid input"));
		schema.addProperty("status", new IntegerSchema().example(422));
		schema.addProperty("detail", new StringSchema());
		schema.addProperty("instance",
				new StringSchema().format("uri-reference").example("/v1/models/sentiment/predict"));
		schema.addProperty("errors",
				new ArraySchema().items(fieldProblem).description("422 invalid-input: every invalid field"));
		schema.setRequired(List.of("type", "title", "status"));
		schema.additionalProperties(true);
		return schema;
	}

}
