package dev.pipeline.ingress.prediction;

import dev.pipeline.ingress.TestWorker.Received;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on what the ingress put on Kafka, as the test worker received it. */
final class TestWorkerAssertions {

	private TestWorkerAssertions() {
	}

	static void sentWithDeadlineAfterSubmission(@Nullable Received received) {
		assertThat(received).isNotNull();
		assertThat(received.request().submittedAt()).isNotNull();
		assertThat(received.request().deadline()).isAfter(received.request().submittedAt());
		assertThat(received.replyPartition()).isNotNull();
	}

}
