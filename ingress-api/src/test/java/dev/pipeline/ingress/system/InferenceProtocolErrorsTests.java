package dev.pipeline.ingress.system;

import java.util.List;

import dev.pipeline.contracts.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a servlet filter's problem looks like on the Open Inference Protocol's routes, for
 * the failures the integration tests cannot provoke at will (a dependency down): the
 * protocol's error object with the problem's status and headers; elsewhere problem+json.
 */
class InferenceProtocolErrorsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ProblemWriter writer = new ProblemWriter(json);

	@Test
	void shouldWriteAFiltersUnavailableDependencyAsTheErrorObject() throws Exception {
		MockHttpServletResponse response = write("/v2/models/sentiment/infer",
				new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "redis-unavailable", "Redis unavailable",
						"Redis is not answering; try again shortly.")
					.with("retryAfterSeconds", 5)
					.header("Retry-After", "5"));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(response.getHeader("Retry-After")).isEqualTo("5");
		JsonNode body = json.readTree(response.getContentAsString());
		assertThat(body.properties()).hasSize(1);
		assertThat(body.path("error").asString()).isEqualTo("Redis is not answering; try again shortly.");
	}

	@Test
	void shouldAnswerInvalidInputAs400WithEveryField() throws Exception {
		MockHttpServletResponse response = write("/v2/models/sentiment/infer",
				ApiProblem.invalidInput(List.of(new FieldProblem("text[1]", "must not be empty"))));

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(json.readTree(response.getContentAsString()).path("error").asString())
			.isEqualTo("The request is well-formed but some fields are invalid. text[1]: must not be empty;");
	}

	@ParameterizedTest(name = "{0} -> protocol: {1}")
	@CsvSource({ "/v2, true", "/v2/health/ready, true", "/v2;x/models, true", "/v2x, false", "/v1/models, false",
			"/, false", "'', false", "/api/v2/models, false" })
	void shouldSpeakTheProtocolOnlyUnderV2(String path, boolean protocol) throws Exception {
		MockHttpServletResponse response = write(path,
				new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-api-key", "Invalid API key", "Unknown key."));

		assertThat(response.getContentType()).startsWith(protocol ? "application/json" : "application/problem+json");
		assertThat(response.getStatus()).isEqualTo(401);
	}

	private MockHttpServletResponse write(String path, ApiProblem problem) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(request, response, problem);
		return response;
	}

}
