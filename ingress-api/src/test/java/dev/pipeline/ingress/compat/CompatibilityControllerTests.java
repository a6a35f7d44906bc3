package dev.pipeline.ingress.compat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
	void shouldHandBackTheJobAtOnceWhenTheOldRoutesPreferRespondAsync() {
		Map<String, String> routes = Map.of("/predict", "{\"text\": \"I love it\"}",
				"/api/v1/" + this.account.id() + "/kalman", "{\"results\": [2, 4, 6]}");
		routes.forEach((path, body) -> {
			HttpResponse<String> response = this.http.postJson(path, body, "Prefer", "respond-async");

			assertThat(response.statusCode()).as(path).isEqualTo(202);
			assertThat(response.headers().firstValue("Preference-Applied")).as(path).hasValue("respond-async");
			JsonNode ticket = Http.json(response);
			String id = ticket.path("id").asString();
			assertThat(ticket.path("status").asString()).isEqualTo("QUEUED");
			assertThat(response.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
			// Sent as a job: without a reply address, nobody waits for it.
			await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
			assertThat(worker.received(id).replyPartition()).as(path).isNull();
		});
	}

	@Test
	void shouldWaitAsLongAsTheOldRoutesPreferWaitSays() {
		HttpResponse<String> late = this.http.postJson("/predict", "{\"text\": \"[silent] takes its time\"}", "Prefer",
				"wait=1");

		assertThat(late.statusCode()).isEqualTo(202);
		assertThat(late.headers().firstValue("Preference-Applied")).hasValue("wait=1");
		assertThat(late.headers().firstValue("Location")).hasValue("/v1/jobs/" + Http.json(late).path("id").asString());

		HttpResponse<String> inTime = this.http.postJson("/api/v1/" + this.account.id() + "/kalman",
				"{\"results\": [2, 4, 6]}", "Prefer", "wait=20");

		assertThat(inTime.statusCode()).isEqualTo(200);
		assertThat(inTime.headers().firstValue("Preference-Applied")).hasValue("wait=20");
		assertThat(Http.json(inTime).path("processed_results").size()).isEqualTo(3);
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
