package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Idempotency-Key} on the synchronous route: a caller that lost its answer (a
 * broken connection, a dead ingress) retries with its key and gets the first request's
 * result, or its job while that still runs, charged and computed once.
 *
 * <p>
 * The ingress reads a finished job's result from {@code inference_results}, which the
 * metrics-aggregator writes; these tests store the test worker's result in its place
 * ({@link #storeResult(InferenceResult)}).
 */
class IdempotentPredictionTests extends PredictionPathTest {

	private static final String PREDICT = "/v1/models/sentiment/predict";

	private static final String REPLAYED = "Idempotent-Replayed";

	@Test
	void shouldReplayTheFirstResultWithoutChargingOrSendingAgain() {
		String key = "retry-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"I love one\", \"two\"]}";
		long usedBefore = quotaUsed();
		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key);
		assertThat(first.statusCode()).isEqualTo(200);
		JsonNode answer = Http.json(first);
		storeResult(worker.answered(answer.path("id").asString()));

		// Reformatted is the same body.
		HttpResponse<String> retry = this.http.postJson(PREDICT, " {\"inputs\":[\"I love one\",\"two\"]} ",
				"Idempotency-Key", key);

		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(retry.headers().firstValue(REPLAYED)).hasValue("true");
		assertThat(retry.headers().firstValue("Location")).isEmpty();
		JsonNode replayed = Http.json(retry);
		assertThat(withoutTotalMs(replayed)).isEqualTo(withoutTotalMs(answer));
		assertThat(replayed.path("outputs").get(0).path("label").asString()).isEqualTo("positive");
		// The job's total, from submission to the worker's completion.
		assertThat(replayed.path("timings").path("totalMs").doubleValue()).isNotNegative();
		assertThat(quotaUsed()).isEqualTo(usedBefore + 2);
		assertNeverSent(retry);
	}

	@Test
	void shouldAnswerARetryWithTheFirstRequestsJobWhileItRuns() {
		String key = "lost-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"[silent] the caller never saw an answer\"]}";
		long usedBefore = quotaUsed();

		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key, "Prefer", "wait=1");
		HttpResponse<String> retry = this.http.postJson(PREDICT, body, "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		String id = Http.json(first).path("id").asString();
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(retry.headers().firstValue(REPLAYED)).hasValue("true");
		assertThat(Http.json(retry).path("id").asString()).isEqualTo(id);
		assertThat(Http.json(retry).path("status").asString()).isEqualTo("QUEUED");
		assertThat(quotaUsed()).isEqualTo(usedBefore + 1);
		assertThat(Http.json(this.http.get("/v1/jobs/" + id)).path("status").asString()).isEqualTo("QUEUED");
		assertNeverSent(retry);
	}

	@Test
	void shouldReplayAFailedResultAsTheSameProblem() {
		String key = "failed-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"[invalid] unusable\"]}";
		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key);
		assertThat(first.statusCode()).isEqualTo(422);
		String id = Http.json(first).path("id").asString();
		storeResult(worker.answered(id));
		long usedBefore = quotaUsed();

		HttpResponse<String> retry = this.http.postJson(PREDICT, body, "Idempotency-Key", key);

		assertThat(retry.statusCode()).isEqualTo(422);
		assertThat(retry.headers().firstValue(REPLAYED)).hasValue("true");
		JsonNode problem = Http.json(retry);
		assertThat(problem.path("type").asString()).isEqualTo("urn:pipeline:problem:invalid-input");
		assertThat(problem.path("id").asString()).isEqualTo(id);
		assertThat(problem.path("errorCode").asString()).isEqualTo("INVALID_INPUT");
		assertThat(quotaUsed()).isEqualTo(usedBefore);
		assertNeverSent(retry);
	}

	@Test
	void shouldReplayAnExpiredResultWithoutInvitingARetryWithTheSameKey() {
		String key = "expired-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"[expired] too late\"]}";
		HttpResponse<String> first = this.http.postJson(PREDICT, body, "Idempotency-Key", key);
		assertThat(first.statusCode()).isEqualTo(503);
		assertThat(first.headers().firstValue("Retry-After")).isPresent();
		storeResult(worker.answered(Http.json(first).path("id").asString()));

		HttpResponse<String> retry = this.http.postJson(PREDICT, body, "Idempotency-Key", key);

		assertThat(retry.statusCode()).isEqualTo(503);
		assertThat(Http.json(retry).path("type").asString()).isEqualTo("urn:pipeline:problem:request-expired");
		assertThat(retry.headers().firstValue(REPLAYED)).hasValue("true");
		assertThat(retry.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void shouldPredictOnceWhenTheSameKeyArrivesConcurrently() throws Exception {
		String key = "race-" + UUID.randomUUID();
		long usedBefore = quotaUsed();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<HttpResponse<String>> answers = new ArrayList<>();
		try {
			List<Future<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(clients.submit(
						() -> this.http.postJson(PREDICT, "{\"inputs\": [\"good race\"]}", "Idempotency-Key", key)));
			}
			for (Future<HttpResponse<String>> call : calls) {
				answers.add(call.get());
			}
		}
		finally {
			clients.shutdownNow();
		}

		// One computed it; the others waited for its record and got its job (its result
		// is not stored yet).
		List<HttpResponse<String>> computed = answers.stream()
			.filter((answer) -> answer.headers().firstValue(REPLAYED).isEmpty())
			.toList();
		assertThat(computed).hasSize(1);
		assertThat(computed.get(0).statusCode()).isEqualTo(200);
		String id = Http.json(computed.get(0)).path("id").asString();
		assertThat(quotaUsed()).isEqualTo(usedBefore + 1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM inference_jobs WHERE account_id = ? AND idempotency_key = ?")
			.params(this.account.id(), key)
			.query(Long.class)
			.single()).isEqualTo(1L);
		for (HttpResponse<String> answer : answers) {
			assertThat(Http.json(answer).path("id").asString()).isEqualTo(id);
			if (answer != computed.get(0)) {
				assertThat(answer.statusCode()).isEqualTo(202);
				assertThat(answer.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
				assertNeverSent(answer);
			}
		}
	}

	@Test
	void shouldRefuseTheSameKeyWithAnotherBody() {
		String key = "conflict-" + UUID.randomUUID();
		this.http.postJson(PREDICT, "{\"inputs\": [\"first\"]}", "Idempotency-Key", key);
		long usedBefore = quotaUsed();

		HttpResponse<String> other = this.http.postJson(PREDICT, "{\"inputs\": [\"second\"]}", "Idempotency-Key", key);

		assertThat(other.statusCode()).isEqualTo(409);
		assertThat(Http.json(other).path("type").asString()).isEqualTo("urn:pipeline:problem:idempotency-conflict");
		assertThat(quotaUsed()).isEqualTo(usedBefore);
		assertNeverSent(other);
	}

	@Test
	void shouldScopeKeysPerAccount() {
		String key = "shared-" + UUID.randomUUID();
		String body = "{\"inputs\": [\"good\"]}";
		HttpResponse<String> mine = this.http.postJson(PREDICT, body, "Idempotency-Key", key);

		HttpResponse<String> theirs = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey())
			.postJson(PREDICT, body, "Idempotency-Key", key);

		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat(theirs.statusCode()).isEqualTo(200);
		assertThat(theirs.headers().firstValue(REPLAYED)).isEmpty();
		assertThat(Http.json(theirs).path("id").asString()).isNotEqualTo(Http.json(mine).path("id").asString());
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

	/**
	 * Asserts that the request of {@code answer} (its {@code X-Request-Id}, which is its
	 * prediction id when the client sent none) never reached Kafka: a request sent after
	 * it has been received, and it has not.
	 */
	private void assertNeverSent(HttpResponse<String> answer) {
		String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
		String later = Http.json(this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"later\"]}"))
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(later) != null);
		assertThat(worker.received(requestId)).isNull();
	}

	private static JsonNode withoutTotalMs(JsonNode answer) {
		ObjectNode copy = (ObjectNode) answer.deepCopy();
		((ObjectNode) copy.path("timings")).remove("totalMs");
		return copy;
	}

	private long quotaUsed() {
		return Http.json(this.http.get("/v1/account")).path("quotaUsed").asLong();
	}

}
