package dev.pipeline.analyst;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Writes performance reports with Gemini, cached in Redis under a global quota, with a
 * rule-based fallback.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AnalystWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalystWorkerApplication.class, args);
	}

}
