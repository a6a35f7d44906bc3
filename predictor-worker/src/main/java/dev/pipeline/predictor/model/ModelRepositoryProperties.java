package dev.pipeline.predictor.model;

import java.nio.file.Path;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the model repository is and how its models execute.
 *
 * @param repository the repository root,
 * {@code <repository>/<model>/<version>/config.json}; relative paths resolve against the
 * working directory (the local stack runs from the project root, where {@code models/}
 * is)
 * @param intraOpThreads threads ONNX Runtime uses inside one call; 0 means all cores. 1
 * by default: on the 2-core reference machine, one thread per call with one caller per
 * core gave the most sentences per second (docs/models.md)
 * @param batchRunners batches of one model computed at the same time on its shared
 * session; 0 (default) means one per core
 * @param queueCapacity instances one model's queue holds before the worker stops taking
 * requests from Kafka (its consumers pause until the queue has drained to half); a few
 * seconds of work on the reference machine, well inside
 * {@code predictor.topics.send-timeout}
 */
@Validated
@ConfigurationProperties("predictor.models")
public record ModelRepositoryProperties(@NotNull @DefaultValue("models") Path repository,
		@Min(0) @DefaultValue("1") int intraOpThreads, @Min(0) @DefaultValue("0") int batchRunners,
		@Min(1) @DefaultValue("1024") int queueCapacity) {

	public int effectiveBatchRunners() {
		return (this.batchRunners > 0) ? this.batchRunners : Runtime.getRuntime().availableProcessors();
	}

}
