package dev.pipeline.aggregator.window;

import dev.pipeline.aggregator.system.BatchListenerFactories;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/** The window writer's batch container (see {@link BatchListenerFactories}). */
@Configuration(proxyBeanMethods = false)
class WindowWriterConfiguration {

	static final String FACTORY = "windowWriterListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<byte[], byte[]> windowWriterListenerFactory(KafkaProperties kafkaProperties,
			MeterRegistry meterRegistry) {
		return BatchListenerFactories.committedBatches(kafkaProperties, meterRegistry);
	}

}
