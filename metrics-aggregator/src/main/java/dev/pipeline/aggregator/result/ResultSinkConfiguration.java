package dev.pipeline.aggregator.result;

import java.util.Map;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The batch listener container of the result sink: plain JSON values (an unreadable record
 * arrives as {@code null} instead of stopping the partition), committed transactions only,
 * offsets committed per batch after the listener returned, and a database outage retried
 * without end rather than skipping the batch.
 */
@Configuration(proxyBeanMethods = false)
class ResultSinkConfiguration {

	static final String FACTORY = "resultSinkListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<String, InferenceResult> resultSinkListenerFactory(
			KafkaProperties kafkaProperties) {
		Map<String, Object> config = kafkaProperties.buildConsumerProperties();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		var consumerFactory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(Topics.INFERENCE_RESULTS.valueSerde().deserializer()));
		var factory = new ConcurrentKafkaListenerContainerFactory<String, InferenceResult>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		factory.setCommonErrorHandler(new DefaultErrorHandler(untilTheDatabaseIsBack()));
		return factory;
	}

	static ExponentialBackOff untilTheDatabaseIsBack() {
		ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
		backOff.setMaxInterval(10_000);
		return backOff;
	}

}
