package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;

import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Where records go that cannot be answered: {@code inference.requests.dlq}, with the
 * bytes as received and spring-kafka's {@code kafka_dlt-*} headers (original topic,
 * partition, offset, exception) plus {@link PipelineHeaders#DLQ_REASON} in plain words
 * (escaped: it may quote a direct producer's bytes). The listener uses the recoverer
 * directly, inside the poll's transaction, for records it cannot answer.
 *
 * <p>
 * The listener container is transactional
 * ({@code spring.kafka.producer.transaction-id-prefix} makes Boot create a
 * {@code KafkaTransactionManager} and give it to the container), so a poll the listener
 * gives up is rolled back, not handed to an error handler: the after-rollback processor
 * (attached by Boot) seeks back to the start of the poll and delivers it again with
 * backoff. Only if that keeps failing for minutes are the poll's records dead-lettered,
 * in a transaction of their own that also commits their offsets.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	/** Room for a reason that quotes a parser's message and adds a note of its own. */
	private static final int MAX_REASON_LENGTH = 1024;

	@Bean
	DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> template, PredictorTopics topics) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topics.deadLetters(), -1));
		recoverer.setHeadersFunction((record, ex) -> {
			Throwable cause = (ex.getCause() != null && !(ex instanceof UnanswerableRequestException)) ? ex.getCause()
					: ex;
			String reason = LogSafe.escape(cause.getMessage(), MAX_REASON_LENGTH);
			return new RecordHeaders().add(PipelineHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
		});
		return recoverer;
	}

	@Bean
	DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor(
			DeadLetterPublishingRecoverer deadLetterRecoverer, KafkaTemplate<String, byte[]> template) {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(30_000);
		backOff.setMaxElapsedTime(300_000);
		return new DefaultAfterRollbackProcessor<>(deadLetterRecoverer, backOff, template, true);
	}

	/**
	 * Without this, a batch listener's poll would be retried for ever once the backoff is
	 * spent.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> recoverPollsAfterRollback() {
		return container -> container.getContainerProperties().setBatchRecoverAfterRollback(true);
	}

}
