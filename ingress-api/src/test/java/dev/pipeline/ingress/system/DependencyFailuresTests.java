package dev.pipeline.ingress.system;

import java.sql.SQLException;
import java.util.Map;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.TransactionSystemException;

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

	/**
	 * The fault harness (fault 7) saw this as a 500: PostgreSQL went away inside a
	 * transaction, and the rollback failed too; Spring reports the rollback's failure and
	 * keeps the failure that caused it aside as the "application exception".
	 */
	@Test
	void shouldAnswerAFailedRollbackAfterADatabaseFailureWith503() {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(
				new DataAccessResourceFailureException("FATAL: terminating connection due to administrator command"));

		ApiProblem problem = DependencyFailures.problemFor(rollbackFailed).orElseThrow();

		assertThat(problem.status().value()).isEqualTo(503);
		assertThat(problem.toProblemDetail("/v1/models/kalman/jobs").getType())
			.hasToString("urn:pipeline:problem:database-unavailable");
		assertThat(DependencyFailures.problemFor(new TransactionSystemException("JDBC rollback failed"))).isEmpty();
	}

}
