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
 * @param repository the repository root, {@code <repository>/<model>/<version>/config.json};
 * relative paths resolve against the working directory (the local stack runs from the
 * project root, where {@code models/} is)
 * @param intraOpThreads threads ONNX Runtime uses inside one call; 0 means all cores
 * @param batchRunners batches of one model computed at the same time on its shared session
 */
@Validated
@ConfigurationProperties("predictor.models")
public record ModelRepositoryProperties(@NotNull @DefaultValue("models") Path repository,
		@Min(0) @DefaultValue("0") int intraOpThreads, @Min(1) @DefaultValue("1") int batchRunners) {
}
