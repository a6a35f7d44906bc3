package dev.pipeline.aggregator.window;

import dev.pipeline.aggregator.AggregatorProperties;
import dev.pipeline.aggregator.AggregatorTopics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Registers {@link MetricsTopology} with the Streams instance Spring Boot configures from
 * {@code spring.kafka.streams.*} (exactly_once_v2, explicit internal names), and declares
 * the compacted window-update topic it writes to.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class MetricsStreamsConfiguration {

	private final AggregatorProperties properties;

	private final AggregatorTopics topics;

	MetricsStreamsConfiguration(AggregatorProperties properties, AggregatorTopics topics) {
		this.properties = properties;
		this.topics = topics;
	}

	@Bean
	NewTopic windowUpdatesTopic() {
		return TopicBuilder.name(this.topics.windows())
			.partitions(this.properties.topics().windowsPartitions())
			.compact()
			.build();
	}

	@Autowired
	void metricsTopology(StreamsBuilder builder, ClosedWindowRule alertRule, MeterRegistry meters) {
		MetricsTopology.build(builder, this.properties, this.topics, alertRule, meters);
	}

}
