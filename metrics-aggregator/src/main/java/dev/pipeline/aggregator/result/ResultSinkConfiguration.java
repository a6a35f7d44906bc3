package dev.pipeline.aggregator.result;

import dev.pipeline.aggregator.system.BatchListenerFactories;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/** The result sink's batch container (see {@link BatchListenerFactories}). */
@Configuration(proxyBeanMethods = false)
class ResultSinkConfiguration {

	static final String FACTORY = "resultSinkListenerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<byte[], byte[]> resultSinkListenerFactory(KafkaProperties kafkaProperties,
			MeterRegistry meterRegistry) {
		return BatchListenerFactories.committedBatches(kafkaProperties, meterRegistry);
	}

}
