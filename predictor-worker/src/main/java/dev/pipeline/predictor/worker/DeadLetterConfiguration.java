package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;

import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Where records go that cannot be answered: {@code inference.requests.dlq}, with the
 * bytes as received and spring-kafka's {@code kafka_dlt-*} headers (original topic,
 * partition, offset, exception) plus {@link PipelineHeaders#DLQ_REASON} in plain words
 * (escaped: it may quote a direct producer's bytes). The listener uses the recoverer
 * directly for records it cannot answer; the error handler (attached by Boot to the
 * listener container) takes the {@code BatchListenerFailedException} the listener throws
 * when Kafka did not acknowledge a record's results: it commits the records before that
 * one and retries from it with backoff, dead-lettering it only if that keeps failing for
 * minutes.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	/** Room for a reason that quotes a parser's message and adds a note of its own. */
	private static final int MAX_REASON_LENGTH = 1024;

	@Bean
	DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> template,
			PredictorTopicsProperties topics) {
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
	DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer deadLetterRecoverer) {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(30_000);
		backOff.setMaxElapsedTime(300_000);
		return new DefaultErrorHandler(deadLetterRecoverer, backOff);
	}

}
