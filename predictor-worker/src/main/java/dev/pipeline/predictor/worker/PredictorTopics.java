package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;

import org.springframework.stereotype.Component;

/**
 * The topics the worker reads and writes: the contract's, behind
 * {@code pipeline.topics.prefix} ({@link TopicNames}), with the settings of
 * {@link PredictorTopicsProperties}.
 */
@Component
class PredictorTopics {

	private final TopicNames names;

	private final List<String> replies;

	private final Duration sendTimeout;

	PredictorTopics(TopicNames names, PredictorTopicsProperties properties) {
		this.names = names;
		Set<String> replies = new LinkedHashSet<>();
		replies.add(names.of(Topics.INFERENCE_REPLIES));
		replies.addAll(properties.replies());
		this.replies = List.copyOf(replies);
		this.sendTimeout = properties.sendTimeout();
	}

	String requests() {
		return this.names.of(Topics.INFERENCE_REQUESTS);
	}

	String results() {
		return this.names.of(Topics.INFERENCE_RESULTS);
	}

	String deadLetters() {
		return this.names.of(Topics.INFERENCE_REQUESTS_DLQ);
	}

	String models() {
		return this.names.of(Topics.INFERENCE_MODELS);
	}

	String traffic() {
		return this.names.of(Topics.INFERENCE_MODEL_TRAFFIC);
	}

	/** The only topics a request's {@code kafka_replyTopic} header may name. */
	List<String> replies() {
		return this.replies;
	}

	Duration sendTimeout() {
		return this.sendTimeout;
	}

}
