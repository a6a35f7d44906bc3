package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A synchronous prediction whose send failed may or may not be on Kafka: it is accepted
 * as a job, readable at once, and the job outbox's relay delivers it. Only the first send
 * is made to fail (a Mockito channel); the job ledger, the quota, the outbox, its
 * scheduled relay and the channel that delivers are the application's, against the real
 * broker and database.
 */
class UndeliveredPredictionTests extends PredictionPathTest {

	@Autowired
	JobLedger jobLedger;

	@Autowired
	QuotaGate quotaGate;

	@Autowired
	PredictionProperties properties;

	@Autowired
	PredictionMeters meters;

	@Test
	void shouldAcceptAPredictionWhoseSendFailedAsAJobTheOutboxDelivers() {
		InferenceChannel failing = mock(InferenceChannel.class);
		given(failing.sendAndAwait(any(), any()))
			.willThrow(new KafkaUnavailableException(new IllegalStateException("acknowledgement lost")));
		PredictionService service = new PredictionService(failing, this.jobLedger, this.quotaGate, this.properties,
				this.meters);
		PredictionInput input = new PredictionInput("sentiment", List.of(StringNode.valueOf("[silent] resent")),
				Map.of());

		PredictionOutcome outcome = service.predict(input, RequestIds.of("undelivered-client-id"),
				new Caller(this.account.id(), false), Duration.ofSeconds(1));

		assertThat(outcome.queued()).isTrue();
		JsonNode job = Http.json(this.http.get("/v1/jobs/" + outcome.id()));
		assertThat(job.path("status").asString()).isEqualTo("QUEUED");
		// The relay of the running application sends it; a job has no reply address.
		await().atMost(Duration.ofSeconds(20)).until(() -> worker.received(outcome.id()) != null);
		assertThat(worker.received(outcome.id()).replyPartition()).isNull();
	}

}
