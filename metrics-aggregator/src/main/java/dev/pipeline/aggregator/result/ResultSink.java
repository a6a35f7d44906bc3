package dev.pipeline.aggregator.result;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.contracts.InferenceResult;
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

	ResultSink(ResultRows rows) {
		this.rows = rows;
	}

	@KafkaListener(id = "result-sink", groupId = "metrics-aggregator-result-sink",
			topics = "${aggregator.topics.results:inference.results}", containerFactory = ResultSinkConfiguration.FACTORY)
	void on(List<ConsumerRecord<String, InferenceResult>> batch) {
		List<InferenceResult> results = new ArrayList<>(batch.size());
		for (ConsumerRecord<String, InferenceResult> record : batch) {
			if (record.value() == null || record.value().id() == null) {
				// Unreadable records were already reported by the deserializer; they have no id to store under.
				logger.warn("Skipping unreadable result at {}-{}@{}", record.topic(), record.partition(),
						record.offset());
				continue;
			}
			results.add(record.value());
		}
		int written = this.rows.upsert(results);
		logger.debug("Stored {} results from a batch of {}", written, batch.size());
	}

}
