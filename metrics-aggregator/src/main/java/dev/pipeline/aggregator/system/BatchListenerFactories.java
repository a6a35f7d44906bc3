package dev.pipeline.aggregator.system;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one shape of every PostgreSQL writer's listener container in the aggregator:
 * <ul>
 * <li>a whole poll is one batch and its offsets are committed only after the listener
 * returned, i.e. after PostgreSQL has the batch;</li>
 * <li>{@code read_committed}: records of aborted transactions (the topology writes with
 * exactly_once_v2) never reach the database;</li>
 * <li>keys and values arrive as raw bytes: the writer parses and checks each record
 * itself ({@link Read}) and dead-letters what it cannot store ({@link DeadLetters}), so
 * no record, however malformed, reaches the error handler;</li>
 * <li>a row the database refuses is dead-lettered alone ({@link RowByRowFallback}); what
 * reaches the error handler is a failing database (down, restarting), and that is retried
 * with backoff, without end, instead of skipping the batch: the writes are idempotent, so
 * retrying is always safe.</li>
 * </ul>
 */
public final class BatchListenerFactories {

	private BatchListenerFactories() {
	}

	/**
	 * @param meterRegistry where the consumers' client metrics go (records-lag among
	 * them: docs/observability.md, consumer lag per group)
	 */
	public static ConcurrentKafkaListenerContainerFactory<byte[], byte[]> committedBatches(
			KafkaProperties kafkaProperties, MeterRegistry meterRegistry) {
		Map<String, Object> config = kafkaProperties.buildConsumerProperties();
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		var consumerFactory = new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
		consumerFactory.addListener(new MicrometerConsumerListener<>(meterRegistry));
		var factory = new ConcurrentKafkaListenerContainerFactory<byte[], byte[]>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		ExponentialBackOff untilTheDatabaseIsBack = new ExponentialBackOff(200, 2.0);
		untilTheDatabaseIsBack.setMaxInterval(10_000);
		factory.setCommonErrorHandler(new DefaultErrorHandler(untilTheDatabaseIsBack));
		return factory;
	}

}
