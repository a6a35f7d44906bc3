package dev.pipeline.aggregator.system;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one shape of every PostgreSQL writer's listener container in the aggregator:
 * <ul>
 * <li>a whole poll is one batch and its offsets are committed only after the listener
 * returned, i.e. after PostgreSQL has the batch;</li>
 * <li>{@code read_committed}: records of aborted transactions (the topology writes with
 * exactly_once_v2) never reach the database;</li>
 * <li>an unreadable value arrives as {@code null} instead of stopping the partition;</li>
 * <li>a failing write (database down) is retried with backoff, without end, instead of
 * skipping the batch: the writes are idempotent, so retrying is always safe.</li>
 * </ul>
 */
public final class BatchListenerFactories {

	private BatchListenerFactories() {
	}

	public static <V> ConcurrentKafkaListenerContainerFactory<String, V> committedBatches(
			KafkaProperties kafkaProperties, Deserializer<V> values) {
		Map<String, Object> config = kafkaProperties.buildConsumerProperties();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		var consumerFactory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(values));
		var factory = new ConcurrentKafkaListenerContainerFactory<String, V>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		ExponentialBackOff untilTheDatabaseIsBack = new ExponentialBackOff(200, 2.0);
		untilTheDatabaseIsBack.setMaxInterval(10_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(untilTheDatabaseIsBack));
		return factory;
	}

}
