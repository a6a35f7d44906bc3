package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on the synchronous route: a caller that lost its answer (a
 * broken connection, a dead ingress) retries with its key and gets the first request back
 * as a job, charged and computed once, whatever the first answer was.
 */
class IdempotentPredictionTests extends PredictionPathTest {

	private static final String PREDICT = "/v1/models/sentiment/predict";

	@Test
	void shouldAnswerARetryAfterAnAnswerWithTheFirstRequestsJob() {
		String key = "retry-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"one\", \"two\"]}";
		long usedBefore = quotaUsed();

		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key);
		// Reordered whitespace is the same body.
		HttpResponse<String> retry = this.http.postJson(PREDICT, " {\"inputs\":[\"one\",\"two\"]} ", "Idempotency-Key",
				key);

		assertThat(first.statusCode()).isEqualTo(200);
		String id = Http.json(first).path("id").asString();
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(Http.json(retry).path("id").asString()).isEqualTo(id);
		assertThat(quotaUsed()).isEqualTo(usedBefore + 2);
		assertThat(this.http.get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldAnswerARetryOfAnUnansweredRequestWithItsJobNotASecondPrediction() {
		String key = "lost-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"[silent] the caller never saw an answer\"]}";
		long usedBefore = quotaUsed();

		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key, "Prefer", "wait=1");
		HttpResponse<String> retry = this.http.postJson(PREDICT, body, "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		String id = Http.json(first).path("id").asString();
		assertThat(Http.json(retry).path("id").asString()).isEqualTo(id);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(quotaUsed()).isEqualTo(usedBefore + 1);
		JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(job.path("status").asString()).isEqualTo("QUEUED");
	}

	@Test
	void shouldRefuseTheSameKeyWithAnotherBody() {
		String key = "conflict-" + UUID.randomUUID();
		this.http.postJson(PREDICT, "{\"inputs\": [\"first\"]}", "Idempotency-Key", key);

		HttpResponse<String> other = this.http.postJson(PREDICT, "{\"inputs\": [\"second\"]}", "Idempotency-Key", key);

		assertThat(other.statusCode()).isEqualTo(409);
		assertThat(Http.json(other).path("type").asString()).isEqualTo("urn:pipeline:problem:idempotency-conflict");
	}

	@Test
	void shouldRefuseAMalformedKeyBeforeChargingOrSending() {
		long usedBefore = quotaUsed();

		for (String key : new String[] { "x".repeat(256), "has space", "" }) {
			HttpResponse<String> refused = this.http.postJson(PREDICT, "{\"inputs\": [\"hostile key\"]}",
					"Idempotency-Key", key);

			assertThat(refused.statusCode()).as(key).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(Http.json(refused).path("type").asString())
				.isEqualTo("urn:pipeline:problem:invalid-idempotency-key");
		}
		assertThat(quotaUsed()).isEqualTo(usedBefore);
	}

	private long quotaUsed() {
		return Http.json(this.http.get("/v1/account")).path("quotaUsed").asLong();
	}

}
