package dev.pipeline.aggregator.window;

import java.time.Clock;

import dev.pipeline.aggregator.AggregatorSettings;
import dev.pipeline.aggregator.alert.AlertRule;
import dev.pipeline.aggregator.alert.ThresholdBook;
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

	private final AggregatorSettings settings;

	MetricsStreamsConfiguration(AggregatorSettings settings) {
		this.settings = settings;
	}

	@Bean
	NewTopic windowUpdatesTopic() {
		return TopicBuilder.name(this.settings.topics().windows())
			.partitions(this.settings.topics().windowsPartitions())
			.compact()
			.build();
	}

	@Autowired
	void metricsTopology(StreamsBuilder builder, ThresholdBook thresholds, Clock clock) {
		MetricsTopology.build(builder, this.settings, new AlertRule(thresholds, clock));
	}

}
