package dev.pipeline.ingress.job;

import java.net.http.HttpResponse;
import java.time.Instant;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.job.EventStreamClient.Event;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/jobs/{id}/events} on the shared application: the states of a job as
 * Server-Sent Events, read by a real client over HTTP. Results are stored as the
 * metrics-aggregator stores them, straight into PostgreSQL; the stream hears of them
 * through PostgreSQL's notifications, as it would on any instance.
 */
class JobEventsTests extends PredictionPathTest {

	private static final String OUTPUTS = "[{\"label\": \"positive\", \"score\": 0.9}]";

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldSendThePendingStateThenTheResultAndClose() throws Exception {
		String id = submitUnansweredJob();
		double sentBefore = eventsSent();

		try (EventStreamClient stream = open(id)) {
			assertThat(stream.response().statusCode()).isEqualTo(200);
			assertThat(stream.response().headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			Event queued = stream.nextEvent();
			assertThat(queued.name()).isEqualTo("job");
			assertThat(queued.id()).isEqualTo("1");
			assertThat(queued.dataLines()).isEqualTo(1);
			assertThat(queued.data().path("status").asString()).isEqualTo("QUEUED");
			assertThat(queued.data()).isEqualTo(Http.json(this.http.get("/v1/jobs/" + id)));

			storeResult(id, "SUCCEEDED", OUTPUTS, Instant.now(), Instant.now(), this.account.id());

			Event done = stream.nextEvent();
			assertThat(done.id()).isEqualTo("2");
			assertThat(done.data().path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(done.data().path("result").path("outputs").get(0).path("label").asString())
				.isEqualTo("positive");
			assertThat(done.data()).isEqualTo(Http.json(this.http.get("/v1/jobs/" + id)));
			stream.awaitEnd();
		}
		// Tests run one at a time: no other stream sends meanwhile.
		await().untilAsserted(() -> assertThat(eventsSent()).isEqualTo(sentBefore + 2));
	}

	@Test
	void shouldSendOneEventAndCloseForAJobAlreadyFinal() throws Exception {
		String id = submitUnansweredJob();
		storeResult(id, "FAILED", null, Instant.now(), Instant.now(), this.account.id());

		try (EventStreamClient stream = open(id)) {
			Event failed = stream.nextEvent();
			assertThat(failed.id()).isEqualTo("2");
			assertThat(failed.data().path("status").asString()).isEqualTo("FAILED");
			assertThat(failed.data().path("error").path("code").asString()).isEqualTo("INVALID_INPUT");
			stream.awaitEnd();
		}
	}

	@Test
	void shouldResumeAfterTheLastEventIdWithoutResendingWhatTheClientSaw() throws Exception {
		String id = submitUnansweredJob();

		try (EventStreamClient stream = open(id, "Last-Event-ID", "1")) {
			assertThat(stream.response().statusCode()).isEqualTo(200);
			storeResult(id, "SUCCEEDED", OUTPUTS, Instant.now(), Instant.now(), this.account.id());

			// The first event is the final state: QUEUED is not sent again.
			Event done = stream.nextEvent();
			assertThat(done.id()).isEqualTo("2");
			assertThat(done.data().path("status").asString()).isEqualTo("SUCCEEDED");
			stream.awaitEnd();
		}
		try (EventStreamClient again = open(id, "Last-Event-ID", "2")) {
			// EventSource stops reconnecting on 204.
			assertThat(again.response().statusCode()).isEqualTo(204);
		}
	}

	@Test
	void shouldAnswer404ForAnotherAccountsJob() throws Exception {
		Http other = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		String theirs = Http.json(other.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"[silent] theirs\"]}"))
			.path("id")
			.asString();

		try (EventStreamClient stream = open(theirs)) {
			assertThat(stream.response().statusCode()).isEqualTo(404);
			assertThat(stream.response().headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(stream.problem().path("type").asString()).isEqualTo("urn:pipeline:problem:job-not-found");
		}
	}

	@Test
	void shouldAnswer401WithoutCredentials() throws Exception {
		String id = submitUnansweredJob();

		try (EventStreamClient stream = EventStreamClient.open(this.port, "/v1/jobs/" + id + "/events")) {
			assertThat(stream.response().statusCode()).isEqualTo(401);
			assertThat(stream.problem().path("type").asString())
				.isEqualTo("urn:pipeline:problem:authentication-required");
		}
	}

	private double eventsSent() {
		return this.meters.get("pipeline.job.events.sent").counter().count();
	}

	private String submitUnansweredJob() {
		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"[silent] never answered by the test worker\"]}");
		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode ticket = Http.json(accepted);
		return ticket.path("id").asString();
	}

	private EventStreamClient open(String id, String... headers) throws Exception {
		String[] all = new String[headers.length + 2];
		all[0] = "Authorization";
		all[1] = "Bearer " + this.account.apiKey();
		System.arraycopy(headers, 0, all, 2, headers.length);
		return EventStreamClient.open(this.port, "/v1/jobs/" + id + "/events", all);
	}

}
