package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one request may ask for ({@code RequestLimits}, defaults of
 * {@code ingress.prediction.limits}), on every route that produces inference requests,
 * the Open Inference Protocol's included. Each request here fits the 1 MiB body limit but
 * would make a result too large for Kafka, or a batch too long, if it were accepted: it
 * is refused with a 422 that names the limit, charged nothing and never reaches Kafka.
 */
class RequestLimitsTests extends PredictionPathTest {

	/**
	 * 60,000 points: a 120 KB body whose Kalman result would be over Kafka's 1 MiB record
	 * limit.
	 */
	private static final String HUGE_SERIES = series(60_000);

	private long quotaBefore;

	private long jobsBefore;

	@BeforeEach
	void rememberWhatThisAccountUsed() {
		this.quotaBefore = quotaUsed();
		this.jobsBefore = jobsOfThisAccount();
	}

	@Nested
	class OnThePredictRoute {

		@Test
		void shouldRefuseASeriesLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [" + HUGE_SERIES + "]}");

			assertRefused(response, "inputs[0]", "must not have more than 10000 points (it has 60000)");
		}

		@Test
		void shouldRefuseSeriesWhosePointsTogetherExceedTheLimit() {
			String threeSeries = String.join(",", Collections.nCopies(3, series(8_000)));

			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [" + threeSeries + "]}");

			assertRefused(response, "inputs",
					"must not have more than 20000 points in all series together (they have 24000)");
		}

		@Test
		void shouldRefuseMoreInstancesThanTheLimit() {
			String inputs = String.join(",", Collections.nCopies(65, "\"x\""));

			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [" + inputs + "]}");

			assertRefused(response, "inputs", "must not have more than 64 instances (it has 65)");
		}

		@Test
		void shouldRefuseATextLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"fine\", \"" + "a".repeat(10_001) + "\"]}");

			assertRefused(response, "inputs[1]", "must not be longer than 10000 characters (it has 10001)");
		}

		@Test
		void shouldRefuseTextsWhoseCharactersTogetherExceedTheLimit() {
			String texts = String.join(",", Collections.nCopies(64, "\"" + "a".repeat(4_000) + "\""));

			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [" + texts + "]}");

			assertRefused(response, "inputs",
					"must not have more than 200000 characters in all texts together (they have 256000)");
		}

		@Test
		void shouldRefuseATextWithANulCharacter() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"nul \\u0000 inside\"]}");

			assertRefused(response, "inputs[0]", "must not contain NUL characters");
		}

		@Test
		void shouldRefuseAParameterWithoutAValue() {
			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [[1, 2]], \"parameters\": {\"processNoise\": null}}");

			assertRefused(response, "parameters.processNoise", "must be a number, a boolean or a string");
		}

		@Test
		void shouldRefuseMoreParametersThanTheLimit() {
			StringBuilder parameters = new StringBuilder();
			for (int i = 0; i < 17; i++) {
				parameters.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": ").append(i);
			}

			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [[1, 2]], \"parameters\": {" + parameters + "}}");

			assertRefused(response, "parameters", "must not have more than 16 entries (it has 17)");
		}

		@Test
		void shouldAcceptASeriesAtTheLimit() {
			HttpResponse<String> response = http.postJson("/v1/models/kalman/predict",
					"{\"inputs\": [" + series(10_000) + "]}");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Http.json(response).path("outputs").get(0).size()).isEqualTo(10_000);
		}

	}

	@Nested
	class OnTheJobsRoute {

		@Test
		void shouldRefuseASeriesLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v1/models/kalman/jobs",
					"{\"inputs\": [" + HUGE_SERIES + "]}");

			assertRefused(response, "inputs[0]", "must not have more than 10000 points (it has 60000)");
		}

		@Test
		void shouldRefuseMoreInstancesThanTheLimit() {
			String inputs = String.join(",", Collections.nCopies(65, "[1]"));

			HttpResponse<String> response = http.postJson("/v1/models/kalman/jobs", "{\"inputs\": [" + inputs + "]}");

			assertRefused(response, "inputs", "must not have more than 64 instances (it has 65)");
		}

		@Test
		void shouldRefuseATextWithANulCharacter() {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"\\u0000\"]}");

			assertRefused(response, "inputs[0]", "must not contain NUL characters");
		}

	}

	@Nested
	class OnTheCompatibilityRoutes {

		@Test
		void shouldRefuseAnOldKalmanSeriesLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/api/v1/" + account.id() + "/kalman",
					"{\"results\": " + HUGE_SERIES + "}");

			assertRefused(response, "results", "must not have more than 10000 points (it has 60000)");
		}

		@Test
		void shouldRefuseAnOldSentimentTextLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/predict", "{\"text\": \"" + "a".repeat(10_001) + "\"}");

			assertRefused(response, "text", "must not be longer than 10000 characters (it has 10001)");
		}

		@Test
		void shouldRefuseAnOldSentimentTextWithANulCharacter() {
			HttpResponse<String> response = http.postJson("/predict", "{\"text\": \"a\\u0000b\"}");

			assertRefused(response, "text", "must not contain NUL characters");
		}

	}

	/**
	 * The same limits on the Open Inference Protocol's routes, where a tensor's elements
	 * are the instances; refused with the protocol's 400 and its error object.
	 */
	@Nested
	class OnTheInferenceProtocolRoutes {

		@Test
		void shouldRefuseMoreTextsThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v2/models/sentiment/infer",
					texts(Collections.nCopies(65, "x")));

			assertRefusedByTheProtocol(response, 400, "must not have more than 64 instances (it has 65)");
		}

		@Test
		void shouldRefuseATextLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v2/models/sentiment/versions/1/infer",
					texts(List.of("fine", "a".repeat(10_001))));

			assertRefusedByTheProtocol(response, 400,
					"text[1]: must not be longer than 10000 characters (it has 10001)");
		}

		@Test
		void shouldRefuseTextsWhoseCharactersTogetherExceedTheLimit() {
			HttpResponse<String> response = http.postJson("/v2/models/sentiment/infer",
					texts(Collections.nCopies(64, "a".repeat(4_000))));

			assertRefusedByTheProtocol(response, 400,
					"must not have more than 200000 characters in all texts together (they have 256000)");
		}

		@Test
		void shouldRefuseASeriesLongerThanTheLimit() {
			HttpResponse<String> response = http.postJson("/v2/models/kalman/infer",
					tensor("series", "FP64", "[1, 60000]", HUGE_SERIES));

			assertRefusedByTheProtocol(response, 400, "must not have more than 10000 points (it has 60000)");
		}

		@Test
		void shouldRefuseSeriesWhosePointsTogetherExceedTheLimit() {
			String threeSeries = String.join(",", Collections.nCopies(3, series(8_000)));

			HttpResponse<String> response = http.postJson("/v2/models/kalman/versions/1/infer",
					tensor("series", "FP32", "[3, 8000]", "[" + threeSeries + "]"));

			assertRefusedByTheProtocol(response, 400,
					"must not have more than 20000 points in all series together (they have 24000)");
		}

		@Test
		void shouldRefuseDataNestedBeyondWhatIsParsed() {
			HttpResponse<String> response = http.postJson("/v2/models/kalman/infer",
					tensor("series", "FP64", "[1]", "[".repeat(5_000) + "1" + "]".repeat(5_000)));

			assertRefusedByTheProtocol(response, 400, "");
		}

		@Test
		void shouldRefuseAStreamedBodyOverTheLimit() {
			byte[] huge = texts(List.of("a".repeat(1024 * 1024 + 10))).getBytes(StandardCharsets.UTF_8);

			HttpResponse<String> response = http.postChunked("/v2/models/sentiment/infer", huge);

			assertRefusedByTheProtocol(response, 413, "");
		}

		private void assertRefusedByTheProtocol(HttpResponse<String> response, int status, String message) {
			String body = response.body();
			assertThat(response.statusCode()).as(body.substring(0, Math.min(body.length(), 300))).isEqualTo(status);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
			JsonNode error = Http.json(response);
			assertThat(error.path("error").asString()).contains(message);
			assertThat(error.has("type")).as("the protocol's error object, not problem+json").isFalse();
			assertThat(quotaUsed()).isEqualTo(RequestLimitsTests.this.quotaBefore);
			assertThat(jobsOfThisAccount()).isEqualTo(RequestLimitsTests.this.jobsBefore);
		}

		private static String texts(List<String> texts) {
			return tensor("text", "BYTES", "[" + texts.size() + "]", PipelineJson.mapper().writeValueAsString(texts));
		}

		private static String tensor(String name, String datatype, String shape, String data) {
			return "{\"inputs\": [{\"name\": \"" + name + "\", \"shape\": " + shape + ", \"datatype\": \"" + datatype
					+ "\", \"data\": " + data + "}]}";
		}

	}

	private void assertRefused(HttpResponse<String> response, String field, String message) {
		String body = response.body();
		assertThat(response.statusCode()).as(body.substring(0, Math.min(body.length(), 300))).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = Http.json(response);
		assertThat(problem.path("type").asString()).isEqualTo("urn:pipeline:problem:invalid-input");
		assertThat(problem.path("errors").size()).isEqualTo(1);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo(message);
		// Refused before the quota and Kafka: nothing charged, no job recorded.
		assertThat(quotaUsed()).isEqualTo(this.quotaBefore);
		assertThat(jobsOfThisAccount()).isEqualTo(this.jobsBefore);
	}

	private long quotaUsed() {
		HttpResponse<String> response = this.http.get("/v1/account");
		assertThat(response.statusCode()).isEqualTo(200);
		return Http.json(response).path("quotaUsed").asLong();
	}

	private long jobsOfThisAccount() {
		return this.jdbc.sql("SELECT count(*) FROM inference_jobs WHERE account_id = ?")
			.param(this.account.id())
			.query(Long.class)
			.single();
	}

	private static String series(int points) {
		StringBuilder series = new StringBuilder(points * 2 + 2).append('[');
		for (int i = 0; i < points; i++) {
			series.append(i == 0 ? "" : ",").append(i % 10);
		}
		return series.append(']').toString();
	}

}
