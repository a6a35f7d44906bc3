package dev.pipeline.ingress.compat;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CompatibilityControllerTests extends PredictionPathTest {

	@Test
	void shouldAnswerTheOldSentimentRoute() {
		HttpResponse<String> response = this.http.postJson("/predict", "{\"text\": \"I love it\"}", "X-Request-Id",
				"compat-1");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = Http.json(response);
		assertThat(body.path("label").asString()).isEqualTo("positive");
		assertThat(body.path("confidence").doubleValue()).isBetween(0.0, 1.0).isEqualTo(0.93);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("compat-1");
		String id = body.path("id").asString();
		assertThat(UUID.fromString(id).toString()).isEqualTo(id);
	}

	@Test
	void shouldRefuseAnEmptyTextOnTheOldSentimentRoute() {
		HttpResponse<String> response = this.http.postJson("/predict", "{\"text\": \"\"}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("text");
	}

	@Test
	void shouldRefuseABodyThatIsNoObjectOnTheOldSentimentRoute() {
		HttpResponse<String> response = this.http.postJson("/predict", "null");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("text");
	}

	@Test
	void shouldAnswerTheOldKalmanRoute() {
		HttpResponse<String> response = this.http.postJson("/api/v1/" + this.account.id() + "/kalman",
				"{\"results\": [2, 4, 6]}");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = Http.json(response);
		assertThat(body.path("input_data").toString()).isEqualTo("[2,4,6]");
		assertThat(body.path("processed_results").size()).isEqualTo(3);
		assertThat(body.path("processed_results").get(2).doubleValue()).isEqualTo(4.5);
	}

	@Test
	void shouldRefuseAnOldKalmanSeriesWithNonNumbers() {
		HttpResponse<String> response = this.http.postJson("/api/v1/" + this.account.id() + "/kalman",
				"{\"results\": [1, \"x\"]}");

		assertThat(response.statusCode()).isEqualTo(422);
	}

	@Test
	void shouldRefuseTheOldKalmanRouteForAnotherAccountsId() {
		TestAccount other = createAccount(1_000, 1_000);

		HttpResponse<String> response = this.http.postJson("/api/v1/" + other.id() + "/kalman",
				"{\"results\": [2, 4, 6]}");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(Http.json(response).path("type").asString()).isEqualTo("urn:pipeline:problem:account-mismatch");
		// The owner of that id may use it with its own key.
		HttpResponse<String> own = Http.withApiKey(this.port, other.apiKey())
			.postJson("/api/v1/" + other.id() + "/kalman", "{\"results\": [2, 4, 6]}");
		assertThat(own.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldReportTheHealthOfEveryDependency() {
		HttpResponse<String> response = this.http.get("/health");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = Http.json(response);
		assertThat(body.path("status").asString()).isEqualTo("UP");
		assertThat(body.path("components").path("kafka").path("status").asString()).isEqualTo("UP");
		assertThat(body.path("components").path("postgres").path("status").asString()).isEqualTo("UP");
		assertThat(body.path("components").path("redis").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void shouldServeTheOpenApiDocument() {
		HttpResponse<String> response = this.http.get("/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("/v1/models/{model}/predict", "/v1/jobs/{id}");
	}

}
