package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;

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
 * Where records go that cannot be answered: {@code inference.requests.dlq}, with the bytes as
 * received and spring-kafka's {@code kafka_dlt-*} headers (original topic, partition, offset,
 * exception) plus {@link PipelineHeaders#DLQ_REASON} in plain words. The listener uses the
 * recoverer directly for unreadable records; the error handler (attached by Boot to the
 * listener container) retries a poll whose results could not be written, with backoff, and
 * dead-letters its records only if that keeps failing for minutes.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

	@Bean
	DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> template, WorkerTopics topics) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(topics.deadLetters(), -1));
		recoverer.setHeadersFunction((record, ex) -> {
			Throwable cause = (ex.getCause() != null && !(ex instanceof UnreadableRequestException)) ? ex.getCause()
					: ex;
			String reason = String.valueOf(cause.getMessage());
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
