package dev.pipeline.aggregator;

import dev.pipeline.contracts.TopicNames;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Kafka Streams over inference results: job results and windowed metrics into PostgreSQL,
 * threshold alerts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(TopicNames.class)
public class MetricsAggregatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(MetricsAggregatorApplication.class, args);
	}

}
