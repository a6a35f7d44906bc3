package dev.pipeline.analyst.messaging;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Contract serdes on both sides (plain JSON, no type headers), Boot's
 * {@code spring.kafka.*} settings for everything else. A record that cannot be read is
 * logged and skipped by the error handler instead of blocking its partition; a request
 * whose report fails is retried twice, then skipped.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, AnalysisRequest> analysisRequestContainerFactory(
			KafkaProperties kafka, AnalystTopicsProperties topics) {
		DefaultKafkaConsumerFactory<String, AnalysisRequest> consumers = new DefaultKafkaConsumerFactory<>(
				kafka.buildConsumerProperties(), new StringDeserializer(),
				new ErrorHandlingDeserializer<>(Topics.ANALYSIS_REQUESTS.valueSerde().deserializer()));
		ConcurrentKafkaListenerContainerFactory<String, AnalysisRequest> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumers);
		factory.setConcurrency(topics.concurrency());
		factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, 2)));
		return factory;
	}

	@Bean
	KafkaTemplate<String, AnalysisReport> analysisReportTemplate(KafkaProperties kafka) {
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(),
				new StringSerializer(), Topics.ANALYSIS_REPORTS.valueSerde().serializer()));
	}

}
