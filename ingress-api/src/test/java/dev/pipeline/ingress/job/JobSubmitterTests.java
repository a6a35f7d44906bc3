package dev.pipeline.ingress.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;

/**
 * What happens to a job Kafka refuses: its row is removed and its charge refunded.
 * (Accepted jobs are tested end to end in {@link JobControllerTests}.)
 */
class JobSubmitterTests {

	@Test
	void shouldRemoveTheJobAndRefundWhenKafkaRefusesIt() {
		JobStore store = mock(JobStore.class);
		InferenceChannel producer = mock(InferenceChannel.class);
		QuotaGate quota = mock(QuotaGate.class, CALLS_REAL_METHODS);
		PredictionProperties properties = new PredictionProperties("inference.requests", "inference.replies", "g",
				Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(10),
				PredictionProperties.Limits.DEFAULTS, Duration.ofSeconds(10), Duration.ofSeconds(30));
		JobSubmitter submitter = new JobSubmitter(store, producer, quota, mock(TransactionTemplate.class), properties,
				new JobProperties(Duration.ofHours(24), Duration.ofHours(24)));
		KafkaUnavailableException kafkaDown = new KafkaUnavailableException(new IllegalStateException("down"));
		willThrow(kafkaDown).given(producer).publish(any());
		Caller alice = new Caller("alice", false);
		PredictionInput input = new PredictionInput("sentiment", List.of(StringNode.valueOf("a")), Map.of());

		RequestIds ids = RequestIds.of("client-x");

		assertThatExceptionOfType(KafkaUnavailableException.class)
			.isThrownBy(() -> submitter.submit(input, ids, alice, null, null));

		var order = inOrder(quota, store, producer);
		order.verify(quota).charge(alice, 1, ids.serverId());
		order.verify(store).insert(any(), eq("client-x"), any(), any());
		order.verify(producer).publish(any());
		order.verify(store).delete(ids.serverId());
		order.verify(quota).refund(alice, 1, ids.serverId());
	}

}
