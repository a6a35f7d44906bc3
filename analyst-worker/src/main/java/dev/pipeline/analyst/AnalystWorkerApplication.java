package dev.pipeline.analyst;

import dev.pipeline.contracts.TopicNames;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Writes performance reports with Gemini, cached in Redis under a global quota, with a
 * rule-based fallback.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(TopicNames.class)
public class AnalystWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalystWorkerApplication.class, args);
	}

}
