package dev.pipeline.aggregator.system;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.pipeline.contracts.PipelineHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.stereotype.Component;

/**
 * Where a writer puts a record it will never be able to store: {@code <topic>.dlq} (e.g.
 * {@code inference.results.dlq}), byte for byte as received, with spring-kafka's
 * {@code kafka_dlt-*} headers (original topic, partition, offset, consumer group) and the
 * reason in plain words in {@link PipelineHeaders#DLQ_REASON}. The send is awaited, so
 * the writer commits the poll only once the record is safe in the dead-letter topic.
 */
@Component
public class DeadLetters implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final DefaultKafkaProducerFactory<byte[], byte[]> producers;

	private final DeadLetterPublishingRecoverer recoverer;

	private final MeterRegistry meters;

	DeadLetters(KafkaProperties kafkaProperties, MeterRegistry meters) {
		Map<String, Object> config = kafkaProperties.buildProducerProperties();
		this.producers = new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(),
				new ByteArraySerializer());
		this.recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(this.producers),
				(record, ex) -> new TopicPartition(topicFor(record.topic()), -1));
		// The reason says what is wrong; a stack trace of the check would only make the
		// record bigger.
		this.recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE);
		this.recoverer.setHeadersFunction((record, ex) -> new RecordHeaders().add(PipelineHeaders.DLQ_REASON,
				String.valueOf(ex.getMessage()).getBytes(StandardCharsets.UTF_8)));
		this.meters = meters;
	}

	/** The dead-letter topic of a topic the aggregator reads. */
	public static String topicFor(String topic) {
		return topic + ".dlq";
	}

	public void send(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, String reason) {
		logger.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
		this.recoverer.accept(record, consumer, new RejectedRecordException(reason));
		this.meters.counter("aggregator.dead.letters", "topic", record.topic()).increment();
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

	/** The reason of a dead-lettered record, as the recoverer's exception. */
	static final class RejectedRecordException extends RuntimeException {

		RejectedRecordException(String reason) {
			super(reason, null, false, false);
		}

	}

}
