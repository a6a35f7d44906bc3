package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.Timings;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The quota rules of the synchronous path: charge once per instance after validation,
 * refund only when Kafka did not accept the request. (Kafka itself is exercised end to
 * end in {@link PredictionControllerTests}; here its collaborators are stubbed to force
 * the failures.)
 */
class PredictionServiceTests {

	private final InferenceChannel channel = mock(InferenceChannel.class);

	private final JobLedger jobLedger = mock(JobLedger.class);

	private final QuotaGate quota = mock(QuotaGate.class, CALLS_REAL_METHODS);

	private final Caller alice = new Caller("alice", false);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ModelCatalog catalog = mock(ModelCatalog.class);

	private PredictionService service;

	@BeforeEach
	void wire() {
		PredictionProperties properties = new PredictionProperties("g", Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofMinutes(10), PredictionProperties.Limits.DEFAULTS, Duration.ofSeconds(10),
				Duration.ofSeconds(30));
		given(this.catalog.find("sentiment")).willReturn(Optional.of(new ModelDescriptor(ModelDescriptor.SCHEMA_VERSION,
				"sentiment", "1", ModelDescriptor.TEXT, null, 32, true, Instant.EPOCH)));
		this.service = new PredictionService(this.channel, this.jobLedger, this.quota, properties,
				new PredictionMeters(this.meters, this.catalog));
	}

	@Test
	void shouldMakeAFailedSendAJobOfTheOutboxAndKeepTheCharge() {
		given(this.channel.sendAndAwait(any(), any()))
			.willThrow(new KafkaUnavailableException(new IllegalStateException("broker down")));

		PredictionOutcome outcome = this.service.predict(twoTexts(), RequestIds.of("r1"), this.alice,
				Duration.ofSeconds(1));

		// Kafka may have written it before the acknowledgement was lost: it is accepted
		// and sent again by the outbox, never refunded and retried by the client.
		assertThat(outcome.queued()).isTrue();
		assertThat(fallbacks("kafka-unavailable")).isEqualTo(1);
		verify(this.jobLedger).recordUndelivered(any(InferenceRequest.class), eq("r1"));
		verify(this.quota).charge(eq(this.alice), eq(2), anyString());
		verify(this.quota, never()).refund(any(), org.mockito.ArgumentMatchers.anyInt(), anyString());
	}

	@Test
	void shouldRefundWhenNeitherKafkaNorTheOutboxTookTheRequest() {
		given(this.channel.sendAndAwait(any(), any()))
			.willThrow(new KafkaUnavailableException(new IllegalStateException("broker down")));
		willThrow(new KafkaUnavailableException(new IllegalStateException("outbox full"))).given(this.jobLedger)
			.recordUndelivered(any(), any());

		assertThatExceptionOfType(KafkaUnavailableException.class)
			.isThrownBy(() -> this.service.predict(twoTexts(), RequestIds.of("r1"), this.alice, Duration.ofSeconds(1)));

		verify(this.quota).charge(eq(this.alice), eq(2), anyString());
		verify(this.quota).refund(eq(this.alice), eq(2), anyString());
	}

	@Test
	void shouldKeepTheChargeAndRecordAJobWhenTheReplyIsLate() {
		given(this.channel.sendAndAwait(any(), any())).willReturn(ReplyOutcome.timedOut());

		PredictionOutcome outcome = this.service.predict(twoTexts(), RequestIds.of("r2"), this.alice,
				Duration.ofSeconds(1));

		assertThat(outcome.queued()).isTrue();
		assertThat(fallbacks("timeout")).isEqualTo(1);
		verify(this.quota).charge(eq(this.alice), eq(2), anyString());
		verify(this.quota, never()).refund(any(), org.mockito.ArgumentMatchers.anyInt(), anyString());
		verify(this.jobLedger).recordQueued(any(InferenceRequest.class), eq("r2"));
	}

	@Test
	void shouldCountASyncCallSentAsAJobDuringARebalanceAsAFallback() {
		given(this.channel.sendAndAwait(any(), any())).willReturn(ReplyOutcome.unroutable());

		assertThat(this.service.predict(twoTexts(), RequestIds.of("r4"), this.alice, Duration.ofSeconds(1)).queued())
			.isTrue();

		assertThat(fallbacks("unroutable")).isEqualTo(1);
	}

	@Test
	void shouldNotCountAJobTheClientAskedForAsAFallback() {
		PredictionOutcome outcome = this.service.predict(twoTexts(), RequestIds.of("r5"), this.alice, Duration.ZERO);

		assertThat(outcome.queued()).isTrue();
		assertThat(this.meters.find("pipeline.prediction.fallbacks").counters()).isEmpty();
	}

	@Test
	void shouldRefundWhenAnImmediateJobCannotBeQueuedAnywhere() {
		willThrow(new KafkaUnavailableException(new IllegalStateException("down"))).given(this.channel).publish(any());
		willThrow(new DataAccessResourceFailureException("PostgreSQL down")).given(this.jobLedger)
			.recordUndelivered(any(), any());

		assertThatExceptionOfType(KafkaUnavailableException.class)
			.isThrownBy(() -> this.service.predict(twoTexts(), RequestIds.of("r3"), this.alice, Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.getSuppressed()).hasSize(1));

		verify(this.quota).refund(eq(this.alice), eq(2), anyString());
		verify(this.jobLedger, never()).recordQueued(any(), any());
	}

	@Test
	void shouldAnswerAFailedResultAsItsProblemAndKeepTheCharge() {
		given(this.channel.sendAndAwait(any(), any()))
			.willAnswer(invocation -> ReplyOutcome.replied(InferenceResult.failed(invocation.getArgument(0), "1",
					new ErrorInfo("INVALID_INPUT", "text is empty"), Instant.now(), Timings.none())));

		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> this.service.predict(twoTexts(), RequestIds.of("r4"), this.alice, Duration.ofSeconds(1)))
			.satisfies(problem -> {
				assertThat(problem.status().value()).isEqualTo(422);
				assertThat(problem.type()).isEqualTo("urn:pipeline:problem:invalid-input");
			});
		// The worker computed it: the request was accepted and stays charged.
		verify(this.quota, never()).refund(any(), org.mockito.ArgumentMatchers.anyInt(), anyString());
	}

	private double fallbacks(String reason) {
		return this.meters.get("pipeline.prediction.fallbacks")
			.tags("model", "sentiment", "reason", reason)
			.counter()
			.count();
	}

	private static PredictionInput twoTexts() {
		return new PredictionInput("sentiment", List.of(StringNode.valueOf("a"), StringNode.valueOf("b")), Map.of());
	}

}
