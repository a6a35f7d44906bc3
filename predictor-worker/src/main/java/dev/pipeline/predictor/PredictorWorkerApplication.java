package dev.pipeline.predictor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Consumes inference requests and answers them with micro-batched ONNX Runtime inference.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PredictorWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(PredictorWorkerApplication.class, args);
	}

}
