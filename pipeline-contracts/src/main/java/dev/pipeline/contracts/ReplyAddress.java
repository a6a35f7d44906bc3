package dev.pipeline.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The reply protocol every worker shares. A reply address is where a synchronous caller
 * waits for its answer, as its request's reply headers name it ({@link PipelineHeaders}):
 * the topic and partition the waiting ingress instance reads, and the correlation id it
 * matches replies with, copied back unchanged — what spring-kafka's
 * {@code ReplyingKafkaTemplate} expects. A worker reads the address with {@link #read}
 * and writes its answer with {@link #record}.
 *
 * <p>
 * A direct producer can write any header, so a worker only replies where the ingress
 * could have asked it to: a topic of the worker's allow-list (never
 * {@code metrics.windows} or another service's input), a partition that topic has (an
 * explicit partition it lacks would hold the listener until the producer gives up waiting
 * for it), and a correlation id of at most {@link #MAX_CORRELATION_ID_BYTES} bytes.
 *
 * @param topic the reply topic, one of the allow-list
 * @param partition the reply partition, or {@code null} to let Kafka choose
 * @param correlationId copied back onto the reply, if the request had one
 */
public record ReplyAddress(String topic, @Nullable Integer partition, byte @Nullable [] correlationId) {

	/**
	 * spring-kafka's correlation ids are 16 bytes; this leaves room for other clients'
	 * schemes.
	 */
	public static final int MAX_CORRELATION_ID_BYTES = 256;

	/**
	 * Reads the reply headers of a request.
	 * @param headers the request's headers
	 * @param allowedTopics the only topics a reply may go to
	 * @param partitionCounts how many partitions a topic of the allow-list has (a
	 * producer's {@code partitionsFor(topic).size()}); may throw when that is not known
	 * @return whether, and where, to reply
	 */
	public static Read read(Headers headers, Collection<String> allowedTopics, ToIntFunction<String> partitionCounts) {
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
	 * The reply record: the answer keyed by its request's id, at this address, with the
	 * correlation id copied back.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param key the request's id
	 * @param value the answer
	 * @return the record to send
	 */
	public <K, V> ProducerRecord<K, V> record(K key, V value) {
		ProducerRecord<K, V> reply = new ProducerRecord<>(this.topic, this.partition, key, value);
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

	/** What a request's reply headers ask for. */
	public sealed interface Read permits None, Addressed, Refused {

	}

	/**
	 * The request asked for no reply: a job, or a direct producer that reads the
	 * service's output topic.
	 */
	public record None() implements Read {
	}

	/** The request asked for a reply the worker may send, to this address. */
	public record Addressed(ReplyAddress address) implements Read {
	}

	/**
	 * The request asked for a reply the worker will not send, and why (safe to log once
	 * escaped with {@link LogSafe}).
	 */
	public record Refused(String reason) implements Read {
	}

}
