package dev.pipeline.ingress.system;

import java.util.Map;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one answer to a request Kafka did not take, whichever path sent it (a job, a
 * synchronous prediction, an analysis) and however deep the failure is wrapped.
 */
class DependencyFailuresTests {

	@Test
	void shouldAnswerARequestKafkaDidNotTakeWith503AndRetryAfter() {
		KafkaUnavailableException notTaken = new KafkaUnavailableException(new TimeoutException("no ack"));

		for (Throwable failure : new Throwable[] { notTaken, new IllegalStateException("wrapped", notTaken) }) {
			ApiProblem problem = DependencyFailures.problemFor(failure).orElseThrow();

			assertThat(problem.status().value()).isEqualTo(503);
			assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("5");
			ProblemDetail body = problem.toProblemDetail("/v1/models/sentiment/predict");
			assertThat(body.getType()).hasToString("urn:pipeline:problem:kafka-unavailable");
			assertThat(body.getTitle()).isEqualTo("Queue unavailable");
			assertThat(body.getDetail()).isEqualTo(
					"The request could not be queued because Kafka is unavailable; nothing was accepted or charged.");
			assertThat(body.getProperties()).containsAllEntriesOf(Map.of("retryAfterSeconds", 5));
		}
	}

	@Test
	void shouldStillAnswerAnyOtherKafkaTimeoutAsTheQueueBeingUnavailable() {
		ApiProblem problem = DependencyFailures.problemFor(new IllegalStateException(new TimeoutException("slow")))
			.orElseThrow();

		ProblemDetail body = problem.toProblemDetail("/v1/models");
		assertThat(body.getType()).hasToString("urn:pipeline:problem:kafka-unavailable");
		assertThat(body.getDetail()).isEqualTo("The request queue is unavailable; try again in 5 seconds.");
	}

}
