package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PredictorTopicsPropertiesTests {

	@Test
	void shouldUseTheContractsTopicsBehindThePrefix() {
		PredictorTopics topics = new PredictorTopics(new TopicNames("staging."), bind(Map.of()));

		assertThat(topics.requests()).isEqualTo("staging." + Topics.INFERENCE_REQUESTS.name());
		assertThat(topics.results()).isEqualTo("staging." + Topics.INFERENCE_RESULTS.name());
		assertThat(topics.deadLetters()).isEqualTo("staging." + Topics.INFERENCE_REQUESTS_DLQ.name());
		assertThat(topics.models()).isEqualTo("staging." + Topics.INFERENCE_MODELS.name());
		assertThat(topics.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void shouldAllowRepliesOnlyOnTheReplyTopicByDefault() {
		assertThat(new PredictorTopics(TopicNames.UNPREFIXED, bind(Map.of())).replies())
			.containsExactly(Topics.INFERENCE_REPLIES.name());
		assertThat(new PredictorTopics(TopicNames.UNPREFIXED, bind(Map.of("predictor.topics.replies", "my.replies")))
			.replies()).containsExactly(Topics.INFERENCE_REPLIES.name(), "my.replies");
	}

	@Test
	void shouldRefuseToReplyOnAnInternalTopic() {
		for (String internal : List.of("inference.results", "inference.requests", "inference.models",
				"inference.requests.dlq", "metrics.windows", "analysis.requests", "staging.inference.results",
				"staging.metrics.alerts")) {
			assertThatExceptionOfType(BindException.class).as(internal)
				.isThrownBy(() -> bind(Map.of("predictor.topics.replies", "inference.replies," + internal)))
				.havingRootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.withMessageContaining(internal);
		}
	}

	private static PredictorTopicsProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("predictor.topics",
				PredictorTopicsProperties.class);
	}

}
