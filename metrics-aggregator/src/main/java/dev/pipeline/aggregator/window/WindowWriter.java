package dev.pipeline.aggregator.window;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Moves window updates from the topology's update topic into PostgreSQL, a poll at a time.
 * Exactly-once covers Kafka only; this side is safe because each update is the window's full
 * value and the write is a replace (see {@link WindowRows}). Offsets are committed after the
 * batch is in PostgreSQL, and only committed Streams transactions are read.
 */
@Component
class WindowWriter {

	private static final Logger logger = LoggerFactory.getLogger(WindowWriter.class);

	private final WindowRows rows;

	private final Counter written;

	WindowWriter(WindowRows rows, MeterRegistry meters) {
		this.rows = rows;
		this.written = Counter.builder("aggregator.windows.written")
			.description("Window rows upserted into metrics_windows")
			.register(meters);
	}

	@KafkaListener(id = "window-writer", groupId = "metrics-aggregator-window-writer",
			topics = "${aggregator.topics.windows:metrics.windows}",
			containerFactory = WindowWriterConfiguration.FACTORY)
	void on(List<ConsumerRecord<String, WindowUpdate>> batch) {
		List<WindowUpdate> updates = new ArrayList<>(batch.size());
		for (ConsumerRecord<String, WindowUpdate> record : batch) {
			if (record.value() != null) {
				updates.add(record.value());
			}
		}
		int written = this.rows.upsert(updates);
		this.written.increment(written);
		logger.debug("Wrote {} windows from {} updates", written, batch.size());
	}

}
