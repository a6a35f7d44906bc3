package dev.pipeline.aggregator.window;

import java.util.List;

import dev.pipeline.aggregator.AggregatorTopics;
import dev.pipeline.aggregator.system.DeadLetters;
import dev.pipeline.aggregator.system.PollWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Moves window updates from the topology's update topic into PostgreSQL, a poll at a
 * time. Exactly-once covers Kafka only; this side is safe because each update is the
 * window's full value and the write is a replace (see {@link WindowRows}). Offsets are
 * committed after the batch is in PostgreSQL, and only committed Streams transactions are
 * read. A record that is not a storable update ({@link WindowUpdateCheck}, or refused by
 * PostgreSQL) goes to {@code metrics.windows.dlq} with the reason, and the rest of its
 * poll is written.
 */
@Component
class WindowWriter {

	private static final Logger logger = LoggerFactory.getLogger(WindowWriter.class);

	private final PollWriter<WindowUpdate> writer;

	private final Counter written;

	private final String topic;

	WindowWriter(WindowRows rows, DeadLetters deadLetters, MeterRegistry meters, AggregatorTopics topics) {
		this.writer = new PollWriter<>(WindowUpdateCheck::read, rows::upsert, deadLetters);
		this.written = Counter.builder("aggregator.windows.written")
			.description("Window rows upserted into metrics_windows")
			.register(meters);
		this.topic = topics.windows();
	}

	/**
	 * The topic this listener reads, from {@link AggregatorTopics}; the
	 * {@code @KafkaListener} below asks for it, so the name and its default live in one
	 * place.
	 */
	public String topic() {
		return this.topic;
	}

	@KafkaListener(id = "window-writer", groupId = "metrics-aggregator-window-writer", topics = "#{__listener.topic()}",
			containerFactory = WindowWriterConfiguration.FACTORY)
	void on(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer) {
		int windows = this.writer.write(batch, consumer);
		this.written.increment(windows);
		logger.debug("Wrote {} windows from a batch of {}", windows, batch.size());
	}

}
