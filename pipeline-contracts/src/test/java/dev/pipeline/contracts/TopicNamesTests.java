package dev.pipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicNamesTests {

	@Test
	void shouldKeepTheContractsNamesWithoutAPrefix() {
		assertThat(TopicNames.UNPREFIXED.of(Topics.INFERENCE_REQUESTS)).isEqualTo("inference.requests");
		assertThat(new TopicNames(null).of(Topics.METRICS_ALERTS)).isEqualTo("metrics.alerts");
	}

	@Test
	void shouldPutThePrefixBeforeEveryTopic() {
		TopicNames names = new TopicNames("staging.");

		assertThat(Topics.ALL.stream().map(names::of)).allMatch(name -> name.startsWith("staging."))
			.contains("staging.inference.requests", "staging.inference.models");
		assertThat(names.of("metrics.windows")).isEqualTo("staging.metrics.windows");
	}

	@Test
	void shouldRefuseAPrefixKafkaWouldRefuse() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicNames("team a/"))
			.withMessageContaining("pipeline.topics.prefix");
	}

}
