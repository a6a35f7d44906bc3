package dev.pipeline.ingress;

import dev.pipeline.contracts.TopicNames;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The REST front door: authentication, rate limits, quotas, validation; puts requests on
 * Kafka and answers synchronous callers from reply topics.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(TopicNames.class)
public class IngressApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngressApiApplication.class, args);
	}

}
