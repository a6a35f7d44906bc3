package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PredictionControllerTests extends PredictionPathTest {

	@Test
	void shouldAnswerSynchronouslyWithTheContractBody() {
		String clientId = "sync-" + UUID.randomUUID();

		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"I love this film\", \"dull and long\"]}", "X-Request-Id", clientId);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue(clientId);
		JsonNode body = Http.json(response);
		// The prediction's id is the server's, never the client's (ids are unique across
		// accounts).
		String id = body.path("id").asString();
		assertThat(UUID.fromString(id).toString()).isEqualTo(id);
		assertThat(body.path("model").asString()).isEqualTo("sentiment");
		assertThat(body.path("modelVersion").asString()).isEqualTo("1");
		assertThat(body.path("outputs").get(0).path("label").asString()).isEqualTo("positive");
		assertThat(body.path("outputs").get(1).path("label").asString()).isEqualTo("negative");
		assertThat(body.path("timings").path("queueMs").doubleValue()).isEqualTo(1.0);
		assertThat(body.path("timings").path("inferenceMs").doubleValue()).isEqualTo(2.0);
		assertThat(body.path("timings").path("totalMs").doubleValue()).isPositive();
		TestWorkerAssertions.sentWithDeadlineAfterSubmission(worker.received(id));
	}

	@Test
	void shouldReplaceAnInsaneRequestIdWithAGeneratedOne() {
		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"good\"]}",
				"X-Request-Id", "not/a sane;id");

		assertThat(response.statusCode()).isEqualTo(200);
		String generated = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(UUID.fromString(generated).toString()).isEqualTo(generated);
		assertThat(Http.json(response).path("id").asString()).isEqualTo(generated);
	}

	@Test
	void shouldFilterANumberSeries() {
		HttpResponse<String> response = this.http.postJson("/v1/models/kalman/predict",
				"{\"inputs\": [[1, 3, 5]], \"parameters\": {\"processNoise\": 0.1}}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.json(response).path("outputs").get(0).size()).isEqualTo(3);
	}

	@Test
	void shouldHandBackAJobWhenTheWaitBudgetRunsOut() {
		String clientId = "late-" + UUID.randomUUID();
		Instant before = Instant.now();

		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"[silent] takes its time\"]}", "X-Request-Id", clientId, "Prefer", "wait=1");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=1");
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue(clientId);
		String id = Http.json(response).path("id").asString();
		assertThat(id).isNotEqualTo(clientId);
		assertThat(response.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(Http.json(response).path("status").asString()).isEqualTo("QUEUED");
		assertThat(worker.received(id)).isNotNull();
		JsonNode queued = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(queued.path("status").asString()).isEqualTo("QUEUED");
		assertThat(queued.path("requestId").asString()).isEqualTo(clientId);
		assertThat(queued.path("result").isNull()).isTrue();

		storeResult(id, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", before, Instant.now(),
				this.account.id());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
			assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(job.path("result").path("outputs").get(0).path("label").asString()).isEqualTo("positive");
			assertThat(job.path("completedAt").isNull()).isFalse();
		});
	}

	@Test
	void shouldAnswerAtOnceWithAJobWhenAskedToRespondAsync() {
		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"fine\"]}",
				"Prefer", "respond-async");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("respond-async");
	}

	@Test
	void shouldCapTheRequestedWaitAtTheConfiguredMaximum() {
		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"good\"]}",
				"Prefer", "wait=3600");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=30");
	}

	@Test
	void shouldReportAWorkerFailureAsAProblem() {
		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"[invalid] text\"]}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(Http.json(response).path("errorCode").asString()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void shouldAnswerAnExpiredRequestWith503AndRetryAfter() {
		HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"[expired] text\"]}");

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(Http.json(response).path("type").asString()).isEqualTo("urn:pipeline:problem:request-expired");
	}

	@Nested
	class WhenTheRequestIsInvalid {

		@Test
		void shouldAnswer404ForAnUnknownModel() {
			HttpResponse<String> response = http.postJson("/v1/models/nope/predict", "{\"inputs\": [\"x\"]}");

			assertProblem(response, 404, "unknown-model");
		}

		@Test
		void shouldAnswer503ForAModelThatIsNotReady() {
			HttpResponse<String> response = http.postJson("/v1/models/warming/predict", "{\"inputs\": [\"x\"]}");

			assertProblem(response, 503, "model-not-ready");
			assertThat(response.headers().firstValue("Retry-After")).isPresent();
		}

		@Test
		void shouldAnswer413ForADeclaredBodyOverTheLimit() {
			String huge = "{\"inputs\": [\"" + "a".repeat(1024 * 1024 + 10) + "\"]}";

			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict", huge);

			assertProblem(response, 413, "body-too-large");
		}

		@Test
		void shouldAnswer413ForAStreamedBodyOverTheLimit() {
			byte[] huge = ("{\"inputs\": [\"" + "a".repeat(1024 * 1024 + 10) + "\"]}").getBytes();

			HttpResponse<String> response = http.postChunked("/v1/models/sentiment/predict", huge);

			assertProblem(response, 413, "body-too-large");
		}

		@Test
		void shouldAnswer422WithAnErrorPerBadInstance() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"fine\", 42, \"  \"]}");

			assertProblem(response, 422, "invalid-input");
			JsonNode errors = Http.json(response).path("errors");
			assertThat(errors.size()).isEqualTo(2);
			assertThat(errors.get(0).path("field").asString()).isEqualTo("inputs[1]");
			assertThat(errors.get(0).path("message").asString()).isEqualTo("must be a string");
			assertThat(errors.get(1).path("field").asString()).isEqualTo("inputs[2]");
			assertThat(errors.get(1).path("message").asString()).isEqualTo("must not be empty");
		}

		@Test
		void shouldAnswer422ForSeriesWithNonNumbers() {
			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [[1, \"two\"], []]}");

			assertProblem(response, 422, "invalid-input");
			JsonNode errors = Http.json(response).path("errors");
			assertThat(errors.get(0).path("field").asString()).isEqualTo("inputs[0]");
			assertThat(errors.get(0).path("message").asString()).isEqualTo("element 1 must be a number");
			assertThat(errors.get(1).path("field").asString()).isEqualTo("inputs[1]");
			assertThat(errors.get(1).path("message").asString()).isEqualTo("must not be empty");
		}

		@Test
		void shouldAnswer422ForEmptyInputs() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict", "{\"inputs\": []}");

			assertProblem(response, 422, "invalid-input");
			assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("inputs");
		}

		/**
		 * JSON of another shape is well-formed but invalid: a 422 naming the field, as
		 * API.md wants, however the body is typed in the controller.
		 */
		@ParameterizedTest
		@ValueSource(strings = { "null", "[\"x\"]", "\"x\"", "42" })
		void shouldAnswer422ForABodyThatIsNoObject(String body) {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict", body);

			assertProblem(response, 422, "invalid-input");
			assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("$");
		}

		@Test
		void shouldAnswer422ForInputsThatAreNoArray() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": \"x\", \"parameters\": 3}");

			assertProblem(response, 422, "invalid-input");
			assertThat(Http.json(response).path("errors").findValuesAsString("field")).containsExactly("inputs",
					"parameters");
		}

		private void assertProblem(HttpResponse<String> response, int status, String type) {
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("application/problem+json"));
			assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
			JsonNode body = Http.json(response);
			assertThat(body.path("type").asString()).isEqualTo("urn:pipeline:problem:" + type);
			assertThat(body.path("status").asInt()).isEqualTo(status);
		}

	}

}
