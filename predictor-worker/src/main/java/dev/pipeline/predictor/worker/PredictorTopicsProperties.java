package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Topics the worker reads and writes, under {@code predictor.topics}; the defaults are
 * the contract's names ({@code dev.pipeline.contracts.Topics}).
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
public record PredictorTopicsProperties(@NotBlank @DefaultValue("inference.requests") String requests,
		@NotBlank @DefaultValue("inference.results") String results,
		@NotBlank @DefaultValue("inference.requests.dlq") String deadLetters,
		@NotBlank @DefaultValue("inference.models") String models,
		@NotNull @DefaultValue("inference.replies") List<@NotBlank String> replies,
		@NotNull @DefaultValue("30s") Duration sendTimeout) {

	public PredictorTopicsProperties {
		replies = List.copyOf(replies);
		for (String reply : replies) {
			if (List.of(requests, results, deadLetters, models).contains(reply) || reply.endsWith(".dlq")
					|| reply.startsWith("analysis.") || reply.startsWith("metrics.")) {
				throw new IllegalArgumentException("predictor.topics.replies must not name the internal topic '" + reply
						+ "': a direct producer could then write results into it");
			}
		}
	}

}
