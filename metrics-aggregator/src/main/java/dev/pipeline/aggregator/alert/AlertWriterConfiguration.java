package dev.pipeline.aggregator.alert;

import dev.pipeline.aggregator.system.BatchListenerFactories;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/** The alert writer's batch container (see {@link BatchListenerFactories}). */
@Configuration(proxyBeanMethods = false)
class AlertWriterConfiguration {

	static final String FACTORY = "alertWriterListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<byte[], byte[]> alertWriterListenerFactory(KafkaProperties kafkaProperties,
			MeterRegistry meterRegistry) {
		return BatchListenerFactories.committedBatches(kafkaProperties, meterRegistry);
	}

}
