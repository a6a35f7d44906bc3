package dev.pipeline.analyst.messaging;

import java.util.Map;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Contract serdes on both sides (plain JSON, no type headers), Boot's
 * {@code spring.kafka.*} settings for everything else. A record that cannot be read is
 * logged and skipped by the listener instead of blocking its partition; a request whose
 * report fails is retried twice, then skipped. Batches: each poll's requests are analysed
 * side by side ({@link AnalysisRequestListener}), at most
 * {@code analyst.kafka.max-concurrent-analyses} of them per poll.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, AnalysisRequest> analysisRequestContainerFactory(
			KafkaProperties kafka, AnalystTopicsProperties topics, MeterRegistry meterRegistry) {
		Map<String, Object> properties = kafka.buildConsumerProperties();
		// A poll takes no more requests than can run at once; the rest wait in Kafka.
		properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, topics.maxConcurrentAnalyses());
		DefaultKafkaConsumerFactory<String, AnalysisRequest> consumers = new DefaultKafkaConsumerFactory<>(properties,
				new StringDeserializer(),
				new ErrorHandlingDeserializer<>(Topics.ANALYSIS_REQUESTS.valueSerde().deserializer()));
		// Boot binds the client metrics (records-lag among them) of its own factory only.
		consumers.addListener(new MicrometerConsumerListener<>(meterRegistry));
		ConcurrentKafkaListenerContainerFactory<String, AnalysisRequest> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumers);
		factory.setConcurrency(topics.concurrency());
		factory.setBatchListener(true);
		factory.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, 2)));
		return factory;
	}

	@Bean
	KafkaTemplate<String, AnalysisReport> analysisReportTemplate(KafkaProperties kafka) {
		KafkaTemplate<String, AnalysisReport> template = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(), new StringSerializer(),
						Topics.ANALYSIS_REPORTS.valueSerde().serializer()));
		// A report continues the trace of its request (docs/observability.md).
		template.setObservationEnabled(true);
		return template;
	}

}
