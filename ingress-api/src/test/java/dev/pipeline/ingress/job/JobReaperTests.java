package dev.pipeline.ingress.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.prediction.PredictionProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that gets no result (lost, dead-lettered) is answered EXPIRED once its deadline
 * and the grace have passed, and stays so: the first final state wins. Time is moved by
 * giving the reaper a clock of its own; the scheduled reaper (real time) leaves these
 * jobs alone.
 */
class JobReaperTests extends PredictionPathTest {

	private static final String SUCCEEDED = "[{\"label\": \"positive\", \"score\": 0.9}]";

	@Autowired
	JobStore store;

	@Autowired
	PredictionProperties predictionProperties;

	@Autowired
	JobProperties jobProperties;

	@Test
	void shouldExpireAJobWithoutAResultOnceItsDeadlineAndGraceHavePassed() {
		String id = submitNeverAnswered();
		Duration dueAfter = this.predictionProperties.requestDeadline().plus(this.jobProperties.expiryGrace());

		reaperAt(dueAfter.minusMinutes(1)).reap();
		assertThat(status(id).path("status").asString()).isEqualTo("QUEUED");

		reaperAt(dueAfter.plusMinutes(1)).reap();
		JsonNode expired = status(id);
		assertThat(expired.path("status").asString()).isEqualTo("EXPIRED");
		assertThat(expired.path("error").path("code").asString()).isEqualTo("NO_RESULT");
		assertThat(expired.path("error").path("message").asString()).contains("deadline");
		assertThat(expired.path("result").isNull()).isTrue();
		assertThat(expired.path("completedAt").isString()).isTrue();
	}

	@Test
	void shouldKeepTheExpiryWhenAResultArrivesLate() {
		String id = submitNeverAnswered();
		reaperAt(this.predictionProperties.requestDeadline().plus(this.jobProperties.expiryGrace()).plusMinutes(1))
			.reap();

		storeResult(id, "SUCCEEDED", SUCCEEDED, Instant.now(), Instant.now(), this.account.id());

		JsonNode job = status(id);
		assertThat(job.path("status").asString()).isEqualTo("EXPIRED");
		assertThat(job.path("result").isNull()).isTrue();
	}

	@Test
	void shouldLeaveAJobThatHasItsResult() {
		String id = submitNeverAnswered();
		storeResult(id, "SUCCEEDED", SUCCEEDED, Instant.now(), Instant.now(), this.account.id());

		reaperAt(this.predictionProperties.requestDeadline().plus(this.jobProperties.expiryGrace()).plusMinutes(1))
			.reap();

		JsonNode job = status(id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("error").isNull()).isTrue();
	}

	private String submitNeverAnswered() {
		String id = Http.json(this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"[silent] lost\"]}"))
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
		return id;
	}

	private JobReaper reaperAt(Duration ahead) {
		return new JobReaper(this.store, this.jobProperties, Clock.offset(Clock.systemUTC(), ahead));
	}

	private JsonNode status(String id) {
		return Http.json(this.http.get("/v1/jobs/" + id));
	}

}
