package dev.pipeline.ingress.compat;

import java.net.http.HttpResponse;

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
		assertThat(body.path("id").asString()).isEqualTo("compat-1");
	}

	@Test
	void shouldRefuseAnEmptyTextOnTheOldSentimentRoute() {
		HttpResponse<String> response = this.http.postJson("/predict", "{\"text\": \"\"}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("text");
	}

	@Test
	void shouldAnswerTheOldKalmanRoute() {
		HttpResponse<String> response = this.http.postJson("/api/v1/acct-1/kalman", "{\"results\": [2, 4, 6]}");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = Http.json(response);
		assertThat(body.path("input_data").toString()).isEqualTo("[2,4,6]");
		assertThat(body.path("processed_results").size()).isEqualTo(3);
		assertThat(body.path("processed_results").get(2).doubleValue()).isEqualTo(4.5);
	}

	@Test
	void shouldRefuseAnOldKalmanSeriesWithNonNumbers() {
		HttpResponse<String> response = this.http.postJson("/api/v1/acct-1/kalman", "{\"results\": [1, \"x\"]}");

		assertThat(response.statusCode()).isEqualTo(422);
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
