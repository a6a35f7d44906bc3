package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quota charging across the accounts work and the prediction path, which were built and
 * tested apart: a real account with a small quota sends predictions through the real
 * filters, controllers, Redis ledger and Kafka (the {@code TestWorker} answers), and
 * {@code GET
 * /v1/account} shows what was charged. One unit is one input instance; a request that is
 * rejected before Kafka costs nothing; an idempotent retry is charged once; an exhausted
 * quota is a 429 with the quota problem type, not the rate limit's. Each test has an
 * account of its own so the counts are exact.
 */
class PredictionChargingTests extends PredictionPathTest {

	private static final String QUOTA_EXHAUSTED = "urn:pipeline:problem:quota-exhausted";

	@Test
	void shouldChargeOneUnitPerInstanceOnEveryPredictionRoute() {
		Http client = clientOfNewAccount(100);

		HttpResponse<String> predicted = client.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"good\", \"bad\"]}");
		assertThat(predicted.statusCode()).isEqualTo(200);
		assertThat(quotaUsed(client)).isEqualTo(2);

		HttpResponse<String> queued = client.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"one\", \"two\", \"three\"]}");
		assertThat(queued.statusCode()).isEqualTo(202);
		assertThat(quotaUsed(client)).isEqualTo(5);

		HttpResponse<String> asJob = client.postJson("/v1/models/kalman/predict", "{\"inputs\": [[1, 2], [3, 4]]}",
				"Prefer", "respond-async");
		assertThat(asJob.statusCode()).isEqualTo(202);
		assertThat(quotaUsed(client)).isEqualTo(7);

		HttpResponse<String> compat = client.postJson("/predict", "{\"text\": \"great\"}");
		assertThat(compat.statusCode()).isEqualTo(200);
		assertThat(quotaUsed(client)).isEqualTo(8);
		JsonNode account = account(client);
		assertThat(account.path("quotaLimit").asLong()).isEqualTo(100);
		assertThat(account.path("quotaRemaining").asLong()).isEqualTo(92);
	}

	@Test
	void shouldChargeTheOldKalmanRouteOneUnitPerSeries() {
		TestAccount owner = createAccount(100, 100_000);
		Http client = Http.withApiKey(this.port, owner.apiKey());

		HttpResponse<String> response = client.postJson("/api/v1/" + owner.id() + "/kalman",
				"{\"results\": [1, 2, 3, 4]}");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(quotaUsed(client)).isEqualTo(1);
	}

	@Test
	void shouldNotChargeARequestThatFailsValidation() {
		Http client = clientOfNewAccount(100);

		HttpResponse<String> predict = client.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"fine\", 42]}");
		HttpResponse<String> job = client.postJson("/v1/models/kalman/jobs", "{\"inputs\": [\"not a series\"]}");
		HttpResponse<String> compat = client.postJson("/predict", "{\"text\": \"\"}");

		assertThat(predict.statusCode()).isEqualTo(422);
		assertThat(job.statusCode()).isEqualTo(422);
		assertThat(compat.statusCode()).isEqualTo(422);
		assertThat(quotaUsed(client)).isZero();
	}

	@Test
	void shouldChargeAnIdempotentRetryOfAJobOnce() {
		Http client = clientOfNewAccount(100);
		String key = "charge-once-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"good\", \"fine\", \"okay\"]}";

		HttpResponse<String> first = client.postJson("/v1/models/sentiment/jobs", body, "Idempotency-Key", key);
		HttpResponse<String> retry = client.postJson("/v1/models/sentiment/jobs", body, "Idempotency-Key", key);
		HttpResponse<String> conflict = client.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"other\"]}",
				"Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(Http.json(retry).path("id").asString()).isEqualTo(Http.json(first).path("id").asString());
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(quotaUsed(client)).isEqualTo(3);
	}

	@Test
	void shouldRefuseWithTheQuotaProblemOnceTheQuotaIsUsedUp() {
		Http client = clientOfNewAccount(3);
		assertThat(client.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"good\", \"bad\"]}").statusCode())
			.isEqualTo(200);

		// Two instances with one unit left: refused as a whole, nothing charged, nothing
		// queued.
		String refusedId = "over-quota-" + UUID.randomUUID();
		HttpResponse<String> tooBig = client.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"a\", \"b\"]}",
				"X-Request-Id", refusedId);
		assertQuotaExhausted(tooBig);
		assertThat(Http.json(tooBig).path("quotaRemaining").asLong()).isEqualTo(1);
		assertThat(Http.json(tooBig).path("unitsRequested").asLong()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT count(*) FROM inference_jobs WHERE client_request_id = ?")
			.param(refusedId)
			.query(Long.class)
			.single()).isZero();
		assertThat(quotaUsed(client)).isEqualTo(2);

		assertThat(client.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"last\"]}").statusCode())
			.isEqualTo(200);
		assertThat(quotaUsed(client)).isEqualTo(3);

		assertQuotaExhausted(client.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"more\"]}"));
		assertQuotaExhausted(client.postJson("/predict", "{\"text\": \"more\"}"));
		assertThat(quotaUsed(client)).isEqualTo(3);
		assertThat(account(client).path("quotaRemaining").asLong()).isZero();
	}

	private Http clientOfNewAccount(long quotaLimit) {
		return Http.withApiKey(this.port, createAccount(quotaLimit, 100_000).apiKey());
	}

	private static void assertQuotaExhausted(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		JsonNode problem = Http.json(response);
		assertThat(problem.path("type").asString()).isEqualTo(QUOTA_EXHAUSTED);
		assertThat(problem.path("status").asInt()).isEqualTo(429);
		assertThat(problem.path("detail").asString()).isNotBlank();
	}

	private static long quotaUsed(Http client) {
		return account(client).path("quotaUsed").asLong();
	}

	private static JsonNode account(Http client) {
		HttpResponse<String> response = client.get("/v1/account");
		assertThat(response.statusCode()).isEqualTo(200);
		return Http.json(response);
	}

}
