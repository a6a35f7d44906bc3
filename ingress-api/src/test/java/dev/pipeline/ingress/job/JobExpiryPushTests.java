package dev.pipeline.ingress.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.job.EventStreamClient.Event;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.webhook.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job the reaper expires is pushed like one that got its result: its open event streams
 * get the EXPIRED state and close, its webhook is sent once; a result landing afterwards
 * pushes nothing more (first final state wins). Time is moved by giving the reaper a
 * clock of its own, as in {@link JobReaperTests}.
 */
class JobExpiryPushTests extends PredictionPathTest {

	static WebhookReceiver receiver;

	@Autowired
	JobStore store;

	@Autowired
	PredictionProperties predictionProperties;

	@Autowired
	JobProperties jobProperties;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new WebhookReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void shouldPushTheReapersExpiryToStreamsAndTheWebhookOnce() throws Exception {
		assertThat(this.http.post("/v1/account/webhook-secret", "application/json", "").statusCode()).isEqualTo(201);
		String path = "/hooks/" + UUID.randomUUID();
		String id = Http
			.json(this.http.postJson("/v1/models/sentiment/jobs",
					"{\"inputs\": [\"[silent] never answered\"], \"callbackUrl\": \"" + receiver.url(path) + "\"}"))
			.path("id")
			.asString();

		try (EventStreamClient stream = EventStreamClient.open(this.port, "/v1/jobs/" + id + "/events", "Authorization",
				"Bearer " + this.account.apiKey())) {
			assertThat(stream.nextEvent().id()).isEqualTo("1");

			reaperAt(this.predictionProperties.requestDeadline().plus(this.jobProperties.expiryGrace()).plusMinutes(1))
				.reap();

			Event expired = stream.nextEvent();
			assertThat(expired.id()).isEqualTo("2");
			assertThat(expired.data().path("status").asString()).isEqualTo("EXPIRED");
			assertThat(expired.data().path("error").path("code").asString()).isEqualTo("NO_RESULT");
			stream.awaitEnd();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveryStates(id).equals(List.of("DELIVERED")));
		assertThat(receiver.received(path)).hasSize(1);
		JsonNode webhook = PipelineJson.mapper().readTree(receiver.received(path).get(0).bodyText());
		assertThat(webhook.path("status").asString()).isEqualTo("EXPIRED");

		storeResult(id, "SUCCEEDED", "[]", Instant.now(), Instant.now(), this.account.id());

		assertThat(this.jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE job_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(deliveryStates(id)).containsExactly("DELIVERED");
		assertThat(receiver.received(path)).hasSize(1);
	}

	private List<String> deliveryStates(String id) {
		return this.jdbc.sql("SELECT state FROM webhook_deliveries WHERE job_id = ?")
			.param(id)
			.query(String.class)
			.list();
	}

	private JobReaper reaperAt(Duration afterNow) {
		return new JobReaper(this.store, this.jobProperties,
				Clock.fixed(Instant.now().plus(afterNow), java.time.ZoneOffset.UTC));
	}

}
