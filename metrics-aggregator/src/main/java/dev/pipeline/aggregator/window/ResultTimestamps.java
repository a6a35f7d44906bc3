package dev.pipeline.aggregator.window;

import dev.pipeline.contracts.InferenceResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Windows are in event time: the moment a result was completed, not when Kafka received
 * it, so a replay lands every result in the same window as the first time.
 */
class ResultTimestamps implements TimestampExtractor {

	@Override
	public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
		if (record.value() instanceof InferenceResult result && result.completedAt() != null) {
			return result.completedAt().toEpochMilli();
		}
		return record.timestamp();
	}

}
