package dev.pipeline.ingress.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of a dependency (PostgreSQL, Redis or Kafka unreachable or too slow)
 * from a fault of the ingress itself, wherever it was thrown, and gives the client's
 * answer for it: 503 with {@code Retry-After}, never 500. Used by
 * {@link DependencyFailureFilter} (filters) and {@link ProblemHandler} (handlers), and by
 * caches that serve stale answers in an outage.
 */
public final class DependencyFailures {

	/**
	 * Seconds a client is asked to wait: a few connection timeouts, enough for a restart
	 * or failover.
	 */
	static final int RETRY_AFTER_SECONDS = 5;

	/**
	 * What a client is told when Kafka did not take its request
	 * ({@link KafkaUnavailableException}): more than that the queue is down, that nothing
	 * happened.
	 */
	static final String NOT_QUEUED = "The request could not be queued because Kafka is unavailable; nothing was accepted or charged.";

	/** The longest cause chain looked at (a cycle must not hang the request). */
	private static final int MAX_DEPTH = 16;

	private DependencyFailures() {
	}

	/**
	 * Whether the failure, or one of its causes, says that a dependency is unavailable.
	 */
	public static boolean isDependencyFailure(Throwable failure) {
		return dependencyOf(failure) != null;
	}

	/** The 503 answer to a dependency failure; empty for any other failure. */
	static Optional<ApiProblem> problemFor(Throwable failure) {
		Throwable unavailable = firstDependencyFailure(failure);
		if (unavailable == null) {
			return Optional.empty();
		}
		Dependency dependency = Objects.requireNonNull(classify(unavailable));
		String detail = (unavailable instanceof KafkaUnavailableException) ? NOT_QUEUED
				: dependency.subject + " is unavailable; try again in " + RETRY_AFTER_SECONDS + " seconds.";
		return Optional.of(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, dependency.typeSlug, dependency.title, detail)
			.with("retryAfterSeconds", RETRY_AFTER_SECONDS)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)));
	}

	private static @Nullable Dependency dependencyOf(Throwable failure) {
		Throwable unavailable = firstDependencyFailure(failure);
		return (unavailable != null) ? classify(unavailable) : null;
	}

	/**
	 * The failure, or the first of its causes, that says a dependency is unavailable. A
	 * transaction whose rollback failed after a failure (PostgreSQL gone in the middle of
	 * it) reports the rollback's failure and keeps the one that caused it aside: that one
	 * is looked at too.
	 */
	private static @Nullable Throwable firstDependencyFailure(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (classify(cause) != null) {
				return cause;
			}
			if (cause instanceof TransactionSystemException rollbackFailed
					&& rollbackFailed.getApplicationException() != null
					&& classify(rollbackFailed.getApplicationException()) != null) {
				return rollbackFailed.getApplicationException();
			}
			cause = cause.getCause();
		}
		return null;
	}

	private static @Nullable Dependency classify(Throwable failure) {
		if (failure instanceof KafkaUnavailableException) {
			return Dependency.KAFKA;
		}
		// RedisSystemException is also what Lettuce's "connection closed" becomes, so all
		// of it
		// counts: a Redis that answers with errors is as unavailable as one that does not
		// answer.
		if (failure instanceof RedisConnectionFailureException || failure instanceof RedisSystemException
				|| failure instanceof io.lettuce.core.RedisConnectionException
				|| failure instanceof io.lettuce.core.RedisCommandTimeoutException) {
			return Dependency.REDIS;
		}
		if (failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
				|| failure instanceof RecoverableDataAccessException) {
			// Spring's translation of a Redis command timeout is a QueryTimeoutException
			// too.
			return causedByLettuce(failure) ? Dependency.REDIS : Dependency.DATABASE;
		}
		if (failure instanceof SQLTransientException || failure instanceof SQLRecoverableException
				|| failure instanceof SQLNonTransientConnectionException || (failure instanceof SQLException sql
						&& sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
			// Hikari's connection timeout, and the driver's connection errors (SQLState
			// class 08).
			return Dependency.DATABASE;
		}
		if (failure instanceof RetriableException) {
			// Kafka's own timeouts and the broker errors its clients would retry.
			return Dependency.KAFKA;
		}
		return null;
	}

	private static boolean causedByLettuce(Throwable failure) {
		Throwable cause = failure.getCause();
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (cause instanceof io.lettuce.core.RedisException) {
				return true;
			}
			cause = cause.getCause();
		}
		return false;
	}

	private enum Dependency {

		DATABASE("database-unavailable", "Database unavailable", "The database"),

		REDIS("redis-unavailable", "Redis unavailable", "Redis"),

		KAFKA("kafka-unavailable", "Queue unavailable", "The request queue");

		final String typeSlug;

		final String title;

		final String subject;

		Dependency(String typeSlug, String title, String subject) {
			this.typeSlug = typeSlug;
			this.title = title;
			this.subject = subject;
		}

	}

}
