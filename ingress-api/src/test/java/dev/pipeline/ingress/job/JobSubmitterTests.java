package dev.pipeline.ingress.job;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.account.QuotaUsage;
import dev.pipeline.ingress.job.JobSubmitter.Submission;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.quota.QuotaGate;

import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * A job is accepted once its row and its outbox row are committed: Kafka failing after
 * that (or the instance dying before it sends) delays the request but never loses it. The
 * submitting instance's send is replaced here by one that fails; everything else is the
 * application's, against the real broker and database.
 */
class JobSubmitterTests extends PredictionPathTest {

	@Autowired
	JobStore store;

	@Autowired
	JobOutbox outbox;

	@Autowired
	InferenceChannel channel;

	@Autowired
	QuotaGate quotaGate;

	@Autowired
	QuotaUsage quota;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	PredictionProperties predictionProperties;

	@Autowired
	JobProperties jobProperties;

	@Test
	void shouldDeliverAJobWhoseSendFailedAfterItWasCommitted() {
		JobSubmitter crashing = submitterWhoseSendFails(this.jobProperties);
		long usedBefore = used();

		Submission submission = crashing.submit(input("[silent] sent late"), RequestIds.of(null), caller(), null, null);

		String id = submission.ticket().id();
		assertThat(submission.ticket().status()).isEqualTo("QUEUED");
		assertThat(used()).isEqualTo(usedBefore + 1);
		JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
		assertThat(job.path("status").asString()).isEqualTo("QUEUED");
		// Once the submitter's lease has passed, the relay of any instance sends it.
		JobRelay relay = new JobRelay(this.outbox, this.channel, this.transactions, this.jobProperties,
				Clock.offset(Clock.systemUTC(), this.jobProperties.sendLease().plusSeconds(1)));
		relay.relay();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
		assertThat(worker.received(id).replyPartition()).isNull();
		assertThat(used()).isEqualTo(usedBefore + 1);
	}

	@Test
	void shouldRefuseNewJobsWhileTooManyWaitForKafka() {
		JobProperties oneUndelivered = new JobProperties(this.jobProperties.retention(),
				this.jobProperties.idempotencyKeyTtl(), this.jobProperties.relayInterval(), Duration.ofHours(1), 1,
				this.jobProperties.reaperInterval(), this.jobProperties.expiryGrace());
		JobSubmitter crashing = submitterWhoseSendFails(oneUndelivered);
		// What earlier tests left waiting is sent first, so the one below is the only
		// one.
		new JobRelay(this.outbox, this.channel, this.transactions, this.jobProperties,
				Clock.offset(Clock.systemUTC(), Duration.ofDays(1)))
			.relay();
		crashing.submit(input("[silent] waits for Kafka"), RequestIds.of(null), caller(), null, null);
		long usedBefore = used();
		RequestIds refused = RequestIds.of("refused-" + System.nanoTime());

		assertThatExceptionOfType(KafkaUnavailableException.class)
			.isThrownBy(() -> crashing.submit(input("[silent] one too many"), refused, caller(), null, null));

		assertThat(used()).isEqualTo(usedBefore);
		assertThat(this.store.find(refused.serverId())).isEmpty();
	}

	private JobSubmitter submitterWhoseSendFails(JobProperties properties) {
		InferenceChannel failing = mock(InferenceChannel.class);
		willThrow(new KafkaUnavailableException(new IllegalStateException("the instance died"))).given(failing)
			.publish(any());
		return new JobSubmitter(new QueuedJobs(this.store, this.outbox, this.transactions, properties), failing,
				this.quotaGate, this.predictionProperties, properties);
	}

	private Caller caller() {
		return new Caller(this.account.id(), false);
	}

	private long used() {
		OptionalLong used = this.quota.used(this.account.id());
		return used.orElse(0);
	}

	private static PredictionInput input(String text) {
		return new PredictionInput("sentiment", List.of(StringNode.valueOf(text)), Map.of());
	}

}
