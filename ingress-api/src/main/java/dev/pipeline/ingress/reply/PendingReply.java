package dev.pipeline.ingress.reply;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.requestreply.RequestReplyFuture;

/**
 * A request Kafka holds whose reply may still come to this instance.
 *
 * @param <R> the reply type
 */
public final class PendingReply<R> {

	private static final Logger log = LoggerFactory.getLogger(PendingReply.class);

	private final String key;

	private final RequestReplyFuture<String, ?, byte[]> future;

	private final Deserializer<R> replies;

	PendingReply(String key, RequestReplyFuture<String, ?, byte[]> future, Deserializer<R> replies) {
		this.key = key;
		this.future = future;
		this.replies = replies;
	}

	/**
	 * Waits for the reply.
	 * @param wait how long at most (nothing when negative)
	 * @return the reply, or {@code null} when none came within {@code wait} or the one
	 * that came cannot be read: the request is on Kafka either way, and its answer is
	 * read where the worker stores it
	 */
	public @Nullable R await(Duration wait) {
		ConsumerRecord<String, byte[]> reply;
		try {
			reply = this.future.get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			// KafkaReplyTimeoutException, or this wait ended first.
			return null;
		}
		try {
			return this.replies.deserialize(reply.topic(), reply.headers(), reply.value());
		}
		catch (RuntimeException ex) {
			log.warn("Unreadable reply for request {}: {}", this.key, ex.getMessage());
			return null;
		}
	}

}
