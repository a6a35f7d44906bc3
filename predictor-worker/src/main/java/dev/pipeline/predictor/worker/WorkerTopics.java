package dev.pipeline.predictor.worker;

import java.time.Duration;

import dev.pipeline.contracts.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Topics the worker reads and writes; unset names fall back to the contract's defaults.
 *
 * @param sendTimeout how long the listener waits for Kafka to acknowledge a poll's results
 * before the batch is retried (offsets are committed only after that acknowledgement)
 */
@Validated
@ConfigurationProperties("predictor.topics")
public record WorkerTopics(@NotBlank String requests, @NotBlank String results, @NotBlank String deadLetters,
		@NotBlank String models, @NotNull Duration sendTimeout) {

	public WorkerTopics {
		requests = (requests == null) ? Topics.INFERENCE_REQUESTS.name() : requests;
		results = (results == null) ? Topics.INFERENCE_RESULTS.name() : results;
		deadLetters = (deadLetters == null) ? Topics.INFERENCE_REQUESTS_DLQ.name() : deadLetters;
		models = (models == null) ? Topics.INFERENCE_MODELS.name() : models;
		sendTimeout = (sendTimeout == null) ? Duration.ofSeconds(30) : sendTimeout;
	}

}
