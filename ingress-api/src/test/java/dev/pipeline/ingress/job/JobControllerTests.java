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
		Instant before = Instant.now();

		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"great value\"]}");

		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = Http.json(accepted).path("id").asString();
		// Without a client id, the generated request id is the job id too.
		assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue(id);
		assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		assertThat(Http.json(accepted).path("status").asString()).isEqualTo("QUEUED");
		JsonNode queued = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(queued.path("status").asString()).isEqualTo("QUEUED");
		assertThat(queued.path("model").asString()).isEqualTo("sentiment");
		assertThat(queued.path("submittedAt").isString()).isTrue();
		assertThat(queued.path("completedAt").isNull()).isTrue();
		assertThat(queued.path("requestId").isNull()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
		assertThat(worker.received(id).replyPartition()).isNull();

		storeResult(id, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", before, Instant.now(),
				this.account.id());

		JsonNode done = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.path("result").path("id").asString()).isEqualTo(id);
		assertThat(done.path("result").path("modelVersion").asString()).isEqualTo("1");
		assertThat(done.path("result").path("timings").path("queueMs").doubleValue()).isEqualTo(1.5);
		assertThat(done.path("error").isNull()).isTrue();
	}

	@Test
	void shouldGiveTheJobAnIdOfItsOwnAndKeepTheClientsIdForCorrelation() {
		String clientId = "mine-" + UUID.randomUUID();

		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"great value\"]}", "X-Request-Id", clientId);

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue(clientId);
		String id = Http.json(accepted).path("id").asString();
		assertThat(UUID.fromString(id).toString()).isEqualTo(id);
		assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
		JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(job.path("id").asString()).isEqualTo(id);
		assertThat(job.path("requestId").asString()).isEqualTo(clientId);
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
	}

	@Test
	void shouldKeepTheSameClientRequestIdApartPerAccount() {
		String clientId = "shared-" + UUID.randomUUID();
		TestAccount otherAccount = createAccount(1_000, 1_000);
		Http other = Http.withApiKey(this.port, otherAccount.apiKey());
		HttpResponse<String> mine = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"X-Request-Id", clientId);
		String myId = Http.json(mine).path("id").asString();
		storeResult(myId, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", Instant.now(), Instant.now(),
				this.account.id());

		HttpResponse<String> theirs = other.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"bad\"]}",
				"X-Request-Id", clientId);

		assertThat(theirs.statusCode()).isEqualTo(202);
		assertThat(theirs.headers().firstValue("X-Request-Id")).hasValue(clientId);
		String theirId = Http.json(theirs).path("id").asString();
		assertThat(theirId).isNotEqualTo(myId).isNotEqualTo(clientId);
		// Mine is untouched: same owner, same result, readable by me only.
		JsonNode myJob = Http.json(this.http.get("/v1/jobs/" + myId));
		assertThat(myJob.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(myJob.path("requestId").asString()).isEqualTo(clientId);
		assertThat(myJob.path("result").path("outputs").get(0).path("label").asString()).isEqualTo("positive");
		assertThat(owner("inference_jobs", myId)).isEqualTo(this.account.id());
		assertThat(owner("inference_results", myId)).isEqualTo(this.account.id());
		assertThat(other.get("/v1/jobs/" + myId).statusCode()).isEqualTo(404);
		// Theirs is a job of its own, readable by them only.
		JsonNode theirJob = Http.json(other.get("/v1/jobs/" + theirId));
		assertThat(theirJob.path("status").asString()).isEqualTo("QUEUED");
		assertThat(theirJob.path("requestId").asString()).isEqualTo(clientId);
		assertThat(owner("inference_jobs", theirId)).isEqualTo(otherAccount.id());
		assertThat(this.http.get("/v1/jobs/" + theirId).statusCode()).isEqualTo(404);
	}

	@Test
	void shouldNotShowAResultThatAnotherAccountWroteUnderTheJobsId() {
		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"[silent] never answered\"]}");
		String id = Http.json(accepted).path("id").asString();

		// A direct producer's result under the same id, for another account.
		storeResult(id, "SUCCEEDED", "[{\"label\": \"negative\", \"score\": 0.1}]", Instant.now(), Instant.now(),
				"someone-else");

		JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(job.path("status").asString()).isEqualTo("QUEUED");
		assertThat(job.path("result").isNull()).isTrue();
		assertThat(job.path("completedAt").isNull()).isTrue();
	}

	@Test
	void shouldShowAFailedJobWithItsError() {
		String id = "failed-" + UUID.randomUUID();
		storeResult(id, "FAILED", null, Instant.now(), Instant.now(), this.account.id());

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
	void shouldAnswer404ForAnotherAccountsJob() {
		Http other = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		HttpResponse<String> accepted = other.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = Http.json(accepted).path("id").asString();

		HttpResponse<String> response = this.http.get("/v1/jobs/" + id);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(Http.json(response).path("type").asString()).isEqualTo("urn:pipeline:problem:job-not-found");
		assertThat(other.get("/v1/jobs/" + id).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldShowAnyAccountsJobToTheAdmin() {
		String id = Http.json(this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}"))
			.path("id")
			.asString();

		HttpResponse<String> response = new Http(this.port, "X-Admin-Token", ADMIN_TOKEN).get("/v1/jobs/" + id);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.json(response).path("id").asString()).isEqualTo(id);
	}

	@Test
	void shouldKeepIdempotencyKeysApartPerAccount() {
		String key = "shared-key-" + UUID.randomUUID();
		Http other = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());

		HttpResponse<String> mine = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"Idempotency-Key", key);
		HttpResponse<String> theirs = other.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"bad\"]}",
				"Idempotency-Key", key);

		assertThat(mine.statusCode()).isEqualTo(202);
		assertThat(theirs.statusCode()).isEqualTo(202);
		assertThat(theirs.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(Http.json(theirs).path("id").asString()).isNotEqualTo(Http.json(mine).path("id").asString());
	}

	@Test
	void shouldAnswer404ForAJobPastItsRetention() {
		String id = "old-" + UUID.randomUUID();
		Instant longAgo = Instant.now().minus(Duration.ofHours(25));
		storeResult(id, "SUCCEEDED", "[]", longAgo, longAgo, this.account.id());

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
		assertThat(Http.json(conflict).path("type").asString()).isEqualTo("urn:pipeline:problem:idempotency-conflict");
	}

	@Test
	void shouldMakeANewJobForAReusedClientRequestId() {
		String clientId = "again-" + UUID.randomUUID();
		HttpResponse<String> first = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"X-Request-Id", clientId);

		HttpResponse<String> again = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"X-Request-Id", clientId);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(Http.json(again).path("id").asString()).isNotEqualTo(Http.json(first).path("id").asString());
	}

	@Test
	void shouldValidateJobsLikePredictions() {
		HttpResponse<String> response = this.http.postJson("/v1/models/kalman/jobs", "{\"inputs\": [\"text\"]}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("inputs[0]");
	}

	private String owner(String table, String id) {
		return this.jdbc.sql("SELECT account_id FROM " + table + " WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

}
