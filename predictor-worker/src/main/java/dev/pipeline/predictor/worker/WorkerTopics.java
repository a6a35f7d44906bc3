package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.List;

import dev.pipeline.contracts.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Topics the worker reads and writes; unset names fall back to the contract's defaults.
 *
 * @param replies the only topics a request's {@code kafka_replyTopic} header may name
 * (the ingress's reply topic by default). Anything a direct producer writes there would
 * otherwise be answered, so the worker's own topics, dead-letter topics and other
 * services' topics are refused here at start-up
 * @param sendTimeout how long the listener waits for Kafka to acknowledge a poll's
 * results before the batch is retried (offsets are committed only after that
 * acknowledgement)
 */
@Validated
@ConfigurationProperties("predictor.topics")
public record WorkerTopics(@NotBlank String requests, @NotBlank String results, @NotBlank String deadLetters,
		@NotBlank String models, @NotNull List<@NotBlank String> replies, @NotNull Duration sendTimeout) {

	public WorkerTopics {
		requests = (requests == null) ? Topics.INFERENCE_REQUESTS.name() : requests;
		results = (results == null) ? Topics.INFERENCE_RESULTS.name() : results;
		deadLetters = (deadLetters == null) ? Topics.INFERENCE_REQUESTS_DLQ.name() : deadLetters;
		models = (models == null) ? Topics.INFERENCE_MODELS.name() : models;
		replies = (replies == null) ? List.of(Topics.INFERENCE_REPLIES.name()) : List.copyOf(replies);
		sendTimeout = (sendTimeout == null) ? Duration.ofSeconds(30) : sendTimeout;
		for (String reply : replies) {
			if (List.of(requests, results, deadLetters, models).contains(reply) || reply.endsWith(".dlq")
					|| reply.startsWith("analysis.") || reply.startsWith("metrics.")) {
				throw new IllegalArgumentException("predictor.topics.replies must not name the internal topic '" + reply
						+ "': a direct producer could then write results into it");
			}
		}
	}

}
