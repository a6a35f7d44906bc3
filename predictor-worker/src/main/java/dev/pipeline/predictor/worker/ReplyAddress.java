package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.ToIntFunction;

import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Where a synchronous caller waits for its result, as its request's reply headers name it
 * ({@link PipelineHeaders}): the topic and partition the waiting ingress instance reads,
 * and the correlation id it matches replies with, copied back unchanged — what
 * spring-kafka's {@code ReplyingKafkaTemplate} expects.
 *
 * <p>
 * A direct producer can write any header, so the worker only replies where the ingress
 * could have asked it to: a topic of the allow-list (never {@code metrics.windows} or
 * another service's input), a partition that topic has (an explicit partition it lacks
 * would hold the listener until the producer gives up waiting for it), and a correlation
 * id of at most {@link #MAX_CORRELATION_ID_BYTES} bytes.
 */
record ReplyAddress(String topic, @Nullable Integer partition, byte @Nullable [] correlationId) {

	/**
	 * spring-kafka's correlation ids are 16 bytes; this leaves room for other clients'
	 * schemes.
	 */
	static final int MAX_CORRELATION_ID_BYTES = 256;

	/**
	 * Reads the reply headers of a request.
	 * @param allowedTopics the only topics a reply may go to
	 * @param partitionCounts how many partitions a topic of the allow-list has; may throw
	 * when that is not known
	 */
	static Read read(Headers headers, Collection<String> allowedTopics, ToIntFunction<String> partitionCounts) {
		Header topicHeader = headers.lastHeader(PipelineHeaders.REPLY_TOPIC);
		if (topicHeader == null || topicHeader.value() == null || topicHeader.value().length == 0) {
			return new None();
		}
		String topic = topicName(topicHeader.value());
		if (topic == null || !allowedTopics.contains(topic)) {
			return new Refused("the reply topic is not one of " + allowedTopics);
		}
		Header correlation = headers.lastHeader(PipelineHeaders.CORRELATION_ID);
		byte[] correlationId = (correlation != null) ? correlation.value() : null;
		if (correlationId != null && correlationId.length > MAX_CORRELATION_ID_BYTES) {
			return new Refused(
					"the correlation id has " + correlationId.length + " bytes, more than " + MAX_CORRELATION_ID_BYTES);
		}
		Header partitionHeader = headers.lastHeader(PipelineHeaders.REPLY_PARTITION);
		if (partitionHeader == null) {
			return new Addressed(new ReplyAddress(topic, null, correlationId));
		}
		byte[] partitionBytes = partitionHeader.value();
		if (partitionBytes == null || partitionBytes.length != Integer.BYTES) {
			return new Refused("the reply partition is not a 4-byte integer");
		}
		int partition = ByteBuffer.wrap(partitionBytes).getInt();
		int partitions;
		try {
			partitions = partitionCounts.applyAsInt(topic);
		}
		catch (RuntimeException ex) {
			return new Refused("the partitions of " + topic + " are not known: " + ex.getMessage());
		}
		if (partition < 0 || partition >= partitions) {
			return new Refused(
					"the reply partition " + partition + " is not one of the " + partitions + " of " + topic);
		}
		return new Addressed(new ReplyAddress(topic, partition, correlationId));
	}

	/**
	 * The reply record: the result keyed by its id, with the correlation id copied back.
	 */
	ProducerRecord<String, byte[]> record(String id, byte[] value) {
		ProducerRecord<String, byte[]> reply = new ProducerRecord<>(this.topic, this.partition, id, value);
		if (this.correlationId != null) {
			reply.headers().add(PipelineHeaders.CORRELATION_ID, this.correlationId);
		}
		return reply;
	}

	/** Strict UTF-8, so a malformed name cannot decode into an allowed one. */
	private static @Nullable String topicName(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	sealed interface Read permits None, Addressed, Refused {

	}

	/**
	 * The request asked for no reply: a job or a direct producer reading
	 * {@code inference.results}.
	 */
	record None() implements Read {
	}

	record Addressed(ReplyAddress address) implements Read {
	}

	/**
	 * The request asked for a reply the worker will not send, and why (safe to log once
	 * escaped).
	 */
	record Refused(String reason) implements Read {
	}

}
