package dev.pipeline.ingress.job;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobControllerTests extends PredictionPathTest {

	@Test
	void shouldAcceptAJobAndShowItsResultOnceStored() {
		String id = "job-" + UUID.randomUUID();
		Instant before = Instant.now();

		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"great value\"]}", "X-Request-Id", id);

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(Http.json(accepted).path("id").asString()).isEqualTo(id);
		assertThat(Http.json(accepted).path("status").asString()).isEqualTo("QUEUED");
		JsonNode queued = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(queued.path("status").asString()).isEqualTo("QUEUED");
		assertThat(queued.path("model").asString()).isEqualTo("sentiment");
		assertThat(queued.path("submittedAt").isString()).isTrue();
		assertThat(queued.path("completedAt").isNull()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
		assertThat(worker.received(id).replyPartition()).isNull();

		storeResult(id, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", before, Instant.now(), null);

		JsonNode done = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.path("result").path("id").asString()).isEqualTo(id);
		assertThat(done.path("result").path("modelVersion").asString()).isEqualTo("1");
		assertThat(done.path("result").path("timings").path("queueMs").doubleValue()).isEqualTo(1.5);
		assertThat(done.path("error").isNull()).isTrue();
	}

	@Test
	void shouldShowAFailedJobWithItsError() {
		String id = "failed-" + UUID.randomUUID();
		storeResult(id, "FAILED", null, Instant.now(), Instant.now(), null);

		JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));

		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(job.path("result").isNull()).isTrue();
		assertThat(job.path("error").path("code").asString()).isEqualTo("INVALID_INPUT");
	}

	@Test
	void shouldAnswer404ForAnUnknownJob() {
		HttpResponse<String> response = this.http.get("/v1/jobs/no-such-job");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.json(response).path("type").asString()).isEqualTo("urn:pipeline:problem:job-not-found");
	}

	@Test
	void shouldAnswer404ForAJobPastItsRetention() {
		String id = "old-" + UUID.randomUUID();
		Instant longAgo = Instant.now().minus(Duration.ofHours(25));
		storeResult(id, "SUCCEEDED", "[]", longAgo, longAgo, null);

		assertThat(this.http.get("/v1/jobs/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void shouldReturnTheSameJobForTheSameIdempotencyKeyAndBody() {
		String key = "key-" + UUID.randomUUID();

		HttpResponse<String> first = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"good\"], \"parameters\": {\"a\": 1, \"b\": 2}}", "Idempotency-Key", key);
		HttpResponse<String> again = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"parameters\": {\"b\": 2, \"a\": 1},   \"inputs\": [\"good\"]}", "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(again.statusCode()).isEqualTo(202);
		String id = Http.json(first).path("id").asString();
		assertThat(Http.json(again).path("id").asString()).isEqualTo(id);
		assertThat(again.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.jdbc.sql("SELECT count(*) FROM inference_jobs WHERE idempotency_key = ?")
			.param(key)
			.query(Long.class)
			.single()).isEqualTo(1L);
	}

	@Test
	void shouldCreateOneJobWhenTheSameKeyArrivesConcurrently() throws Exception {
		String key = "race-" + UUID.randomUUID();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				responses.add(clients.submit(() -> this.http.postJson("/v1/models/sentiment/jobs",
						"{\"inputs\": [\"good\"]}", "Idempotency-Key", key)));
			}
			Set<String> ids = new HashSet<>();
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isEqualTo(202);
				ids.add(Http.json(response.get()).path("id").asString());
			}
			assertThat(ids).hasSize(1);
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void shouldRefuseTheSameIdempotencyKeyWithAnotherBody() {
		String key = "key-" + UUID.randomUUID();
		this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}", "Idempotency-Key", key);

		HttpResponse<String> conflict = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"bad\"]}",
				"Idempotency-Key", key);

		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(Http.json(conflict).path("type").asString())
			.isEqualTo("urn:pipeline:problem:idempotency-conflict");
	}

	@Test
	void shouldRefuseAReusedRequestId() {
		String id = "dup-" + UUID.randomUUID();
		this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}", "X-Request-Id", id);

		HttpResponse<String> again = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"X-Request-Id", id);

		assertThat(again.statusCode()).isEqualTo(409);
	}

	@Test
	void shouldValidateJobsLikePredictions() {
		HttpResponse<String> response = this.http.postJson("/v1/models/kalman/jobs", "{\"inputs\": [\"text\"]}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("inputs[0]");
	}

}
