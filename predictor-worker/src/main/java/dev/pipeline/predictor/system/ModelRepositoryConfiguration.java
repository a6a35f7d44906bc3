package dev.pipeline.predictor.system;

import dev.pipeline.predictor.kalman.KalmanModel;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.model.ModelRepositoryProperties;
import dev.pipeline.predictor.onnx.TextClassifier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads every model of the repository at start and maps backends to their implementation.
 */
@Configuration(proxyBeanMethods = false)
class ModelRepositoryConfiguration {

	@Bean(destroyMethod = "close")
	ModelRepository modelRepository(ModelRepositoryProperties properties) {
		return ModelRepository.load(properties.repository(), (versionDir, config) -> switch (config.backend()) {
			case ModelConfig.ONNX -> TextClassifier.load(versionDir, config, properties.intraOpThreads());
			case ModelConfig.BUILTIN_KALMAN -> new KalmanModel(config);
			default -> throw new IllegalArgumentException("Unknown backend '" + config.backend() + "'");
		});
	}

}
