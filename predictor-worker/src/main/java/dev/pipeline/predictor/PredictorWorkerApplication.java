package dev.pipeline.predictor;

import dev.pipeline.contracts.TopicNames;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Consumes inference requests and answers them with micro-batched ONNX Runtime inference.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(TopicNames.class)
public class PredictorWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(PredictorWorkerApplication.class, args);
	}

}
