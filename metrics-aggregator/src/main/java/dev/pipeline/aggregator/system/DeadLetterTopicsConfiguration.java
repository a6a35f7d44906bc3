package dev.pipeline.aggregator.system;

import dev.pipeline.aggregator.AggregatorTopics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The dead-letter topic of every topic the aggregator's writers read
 * ({@link DeadLetters}), created at start when missing, so a rejected record has
 * somewhere to go even on a cluster that does not create topics on first use. Partitions
 * and replication are the broker's defaults.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterTopicsConfiguration {

	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(AggregatorTopics topics) {
		return new KafkaAdmin.NewTopics(TopicBuilder.name(DeadLetters.topicFor(topics.results())).build(),
				TopicBuilder.name(DeadLetters.topicFor(topics.windows())).build(),
				TopicBuilder.name(DeadLetters.topicFor(topics.alerts())).build());
	}

}
