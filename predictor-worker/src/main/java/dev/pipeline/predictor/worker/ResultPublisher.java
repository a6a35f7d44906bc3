package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a result where its readers wait: always to {@code inference.results} (the record of
 * every request), and, for a synchronous caller, also to the reply topic and partition its
 * request named, with the correlation id copied back unchanged — what spring-kafka's
 * {@code ReplyingKafkaTemplate} on the ingress expects.
 */
@Component
class ResultPublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final WorkerTopics topics;

	ResultPublisher(KafkaTemplate<String, byte[]> template, WorkerTopics topics) {
		this.template = template;
		this.topics = topics;
	}

	/** Completes when Kafka acknowledged every copy of the result. */
	CompletableFuture<Void> publish(InferenceResult result, Headers requestHeaders) {
		byte[] value = PipelineJson.mapper().writeValueAsBytes(result);
		List<CompletableFuture<?>> sends = new ArrayList<>(2);
		sends.add(this.template.send(new ProducerRecord<>(this.topics.results(), result.id(), value)));
		ProducerRecord<String, byte[]> reply = reply(result.id(), value, requestHeaders);
		if (reply != null) {
			sends.add(this.template.send(reply));
		}
		return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
	}

	static @Nullable ProducerRecord<String, byte[]> reply(String id, byte[] value, Headers requestHeaders) {
		Header topic = requestHeaders.lastHeader(PipelineHeaders.REPLY_TOPIC);
		if (topic == null || topic.value() == null || topic.value().length == 0) {
			return null;
		}
		ProducerRecord<String, byte[]> reply = new ProducerRecord<>(new String(topic.value(), StandardCharsets.UTF_8),
				replyPartition(requestHeaders), id, value);
		Header correlation = requestHeaders.lastHeader(PipelineHeaders.CORRELATION_ID);
		if (correlation != null) {
			reply.headers().add(PipelineHeaders.CORRELATION_ID, correlation.value());
		}
		return reply;
	}

	/** A 4-byte big-endian int, as spring-kafka writes it; anything else lets Kafka choose. */
	private static @Nullable Integer replyPartition(Headers headers) {
		Header partition = headers.lastHeader(PipelineHeaders.REPLY_PARTITION);
		if (partition == null || partition.value() == null || partition.value().length != Integer.BYTES) {
			return null;
		}
		int value = ByteBuffer.wrap(partition.value()).getInt();
		return (value >= 0) ? value : null;
	}

}
