package dev.pipeline.predictor.worker;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WorkerTopicsTests {

	@Test
	void shouldAllowRepliesOnlyOnTheReplyTopicByDefault() {
		assertThat(topics(null).replies()).containsExactly("inference.replies");
	}

	@Test
	void shouldRefuseToReplyOnAnInternalTopic() {
		for (String internal : List.of("inference.results", "inference.requests", "inference.models",
				"inference.requests.dlq", "metrics.windows", "analysis.requests")) {
			assertThatIllegalArgumentException().as(internal)
				.isThrownBy(() -> topics(List.of("inference.replies", internal)))
				.withMessageContaining(internal);
		}
	}

	private static WorkerTopics topics(List<String> replies) {
		return new WorkerTopics(null, null, null, null, replies, null);
	}

}
