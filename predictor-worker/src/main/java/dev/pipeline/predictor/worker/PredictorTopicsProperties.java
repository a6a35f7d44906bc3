package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker uses its topics, under {@code predictor.topics}. The topic names are the
 * contract's behind {@code pipeline.topics.prefix} ({@link PredictorTopics}).
 *
 * @param replies topics a request's {@code kafka_replyTopic} header may name besides the
 * ingress's reply topic ({@code inference.replies} behind the prefix), e.g. the reply
 * topic of a direct Kafka client. Anything a direct producer writes there would otherwise
 * be answered, so the worker's own topics, dead-letter topics and other services' topics
 * are refused here at start-up
 * @param sendTimeout how long the listener waits for Kafka to acknowledge a poll's
 * results before the batch is retried (offsets are committed only after that
 * acknowledgement)
 */
@Validated
@ConfigurationProperties("predictor.topics")
public record PredictorTopicsProperties(@NotNull @DefaultValue List<@NotBlank String> replies,
		@NotNull @DefaultValue("30s") Duration sendTimeout) {

	/**
	 * Names (behind any prefix) of the worker's own topics, which no reply may go to; nor
	 * may it go to a dead-letter, analysis or metrics topic.
	 */
	private static final List<String> INTERNAL = List.of("inference.requests", "inference.results", "inference.models",
			"inference.model-traffic");

	public PredictorTopicsProperties {
		replies = List.copyOf(replies);
		for (String reply : replies) {
			if (INTERNAL.stream().anyMatch(reply::endsWith) || reply.endsWith(".dlq") || reply.contains("analysis.")
					|| reply.contains("metrics.")) {
				throw new IllegalArgumentException("predictor.topics.replies must not name the internal topic '" + reply
						+ "': a direct producer could then write results into it");
			}
		}
	}

}
