package dev.pipeline.aggregator.alert;

import java.util.List;
import java.util.Objects;

import dev.pipeline.contracts.Alert;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the alerts of {@code metrics.alerts} in PostgreSQL for {@code GET /v1/alerts}. Reading
 * them back from the topic (rather than writing from the topology) keeps the database write out
 * of the Streams transaction and makes it a plain idempotent insert.
 */
@Component
class AlertWriter {

	private final AlertRows rows;

	AlertWriter(AlertRows rows) {
		this.rows = rows;
	}

	@KafkaListener(id = "alert-writer", groupId = "metrics-aggregator-alert-writer",
			topics = "${aggregator.topics.alerts:metrics.alerts}", containerFactory = AlertWriterConfiguration.FACTORY)
	void on(List<ConsumerRecord<String, Alert>> batch) {
		this.rows.insert(batch.stream().map(ConsumerRecord::value).filter(Objects::nonNull)
			.filter(alert -> alert.id() != null && alert.model() != null && alert.windowStart() != null)
			.toList());
	}

}
