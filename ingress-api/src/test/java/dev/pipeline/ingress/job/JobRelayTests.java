package dev.pipeline.ingress.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Relays of several ingress instances share one outbox: a row one relay is sending is
 * skipped by the others, so no request is sent twice by two relays in one pass. What the
 * relays send is recorded instead of produced: the property under test is the locking in
 * PostgreSQL (delivery through the real broker is {@link JobSubmitterTests}').
 */
class JobRelayTests extends PredictionPathTest {

	@Autowired
	JobStore store;

	@Autowired
	JobOutbox outbox;

	@Autowired
	QuotaGate quotaGate;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	PredictionProperties predictionProperties;

	@Autowired
	JobProperties jobProperties;

	@Test
	void shouldNeverLetTwoRelaysSendTheSameJob() throws Exception {
		List<String> ids = submitUndelivered(5);
		// Far enough ahead that every lease has passed; the scheduled relay (real time)
		// leaves these rows alone.
		Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
		ConcurrentLinkedQueue<String> sentByFirst = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<String> sentBySecond = new ConcurrentLinkedQueue<>();
		CountDownLatch firstIsSending = new CountDownLatch(1);
		CountDownLatch mayFinish = new CountDownLatch(1);
		InferenceChannel slow = mock(InferenceChannel.class);
		willAnswer(invocation -> {
			firstIsSending.countDown();
			mayFinish.await(30, TimeUnit.SECONDS);
			sentByFirst.add(invocation.<InferenceRequest>getArgument(0).id());
			return null;
		}).given(slow).publish(any());
		InferenceChannel fast = mock(InferenceChannel.class);
		willAnswer(invocation -> sentBySecond.add(invocation.<InferenceRequest>getArgument(0).id())).given(fast)
			.publish(any());

		CompletableFuture<Integer> first = CompletableFuture
			.supplyAsync(() -> new JobRelay(this.outbox, slow, this.transactions, this.jobProperties, later).relay());
		assertThat(firstIsSending.await(30, TimeUnit.SECONDS)).isTrue();
		new JobRelay(this.outbox, fast, this.transactions, this.jobProperties, later).relay();
		mayFinish.countDown();
		first.get(30, TimeUnit.SECONDS);

		assertThat(sentBySecond).doesNotContainAnyElementsOf(ids);
		assertThat(sentByFirst).containsAll(ids).doesNotHaveDuplicates();
		// Sent rows are gone: a third pass sends none of them again.
		ConcurrentLinkedQueue<String> sentByThird = new ConcurrentLinkedQueue<>();
		InferenceChannel third = mock(InferenceChannel.class);
		willAnswer(invocation -> sentByThird.add(invocation.<InferenceRequest>getArgument(0).id())).given(third)
			.publish(any());
		new JobRelay(this.outbox, third, this.transactions, this.jobProperties, later).relay();
		assertThat(sentByThird).doesNotContainAnyElementsOf(ids);
	}

	/** Jobs whose submitter could not send them: they wait in the outbox. */
	private List<String> submitUndelivered(int count) {
		InferenceChannel failing = mock(InferenceChannel.class);
		willThrow(new KafkaUnavailableException(new IllegalStateException("down"))).given(failing).publish(any());
		JobSubmitter submitter = new JobSubmitter(
				new QueuedJobs(this.store, this.outbox, this.transactions, this.jobProperties), failing, this.quotaGate,
				this.predictionProperties, this.jobProperties);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(submitter
				.submit(new PredictionInput("sentiment", List.of(StringNode.valueOf("[silent] " + i)), Map.of()),
						RequestIds.of(null), new Caller(this.account.id(), false), null, null)
				.ticket()
				.id());
		}
		return ids;
	}

}
