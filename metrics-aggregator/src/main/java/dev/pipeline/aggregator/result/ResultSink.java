package dev.pipeline.aggregator.result;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.contracts.InferenceResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Persists {@code inference.results} for job lookups. The listener takes a whole poll as one
 * batch and returns only after PostgreSQL has it; the container commits the offsets after
 * that, so a crash in between replays the batch, which the upserts absorb.
 */
@Component
class ResultSink {

	private static final Logger logger = LoggerFactory.getLogger(ResultSink.class);

	private final ResultRows rows;

	private final Counter stored;

	private final Counter unreadable;

	ResultSink(ResultRows rows, MeterRegistry meters) {
		this.rows = rows;
		this.stored = Counter.builder("aggregator.results.stored")
			.description("Results upserted into inference_results (duplicates within a batch count once)")
			.register(meters);
		this.unreadable = Counter.builder("aggregator.results.unreadable")
			.description("Records on the results topic that could not be read and were skipped")
			.register(meters);
	}

	@KafkaListener(id = "result-sink", groupId = "metrics-aggregator-result-sink",
			topics = "${aggregator.topics.results:inference.results}",
			containerFactory = ResultSinkConfiguration.FACTORY)
	void on(List<ConsumerRecord<String, InferenceResult>> batch) {
		List<InferenceResult> results = new ArrayList<>(batch.size());
		for (ConsumerRecord<String, InferenceResult> record : batch) {
			if (record.value() == null || record.value().id() == null) {
				// Unreadable records were already reported by the deserializer; they have no id to store under.
				logger.warn("Skipping unreadable result at {}-{}@{}", record.topic(), record.partition(),
						record.offset());
				this.unreadable.increment();
				continue;
			}
			results.add(record.value());
		}
		int written = this.rows.upsert(results);
		this.stored.increment(written);
		logger.debug("Stored {} results from a batch of {}", written, batch.size());
	}

}
