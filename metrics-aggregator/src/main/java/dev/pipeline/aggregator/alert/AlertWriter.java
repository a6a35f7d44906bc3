package dev.pipeline.aggregator.alert;

import java.util.List;

import dev.pipeline.aggregator.AggregatorTopics;
import dev.pipeline.aggregator.system.DeadLetters;
import dev.pipeline.aggregator.system.PollWriter;
import dev.pipeline.contracts.Alert;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the alerts of {@code metrics.alerts} in PostgreSQL for {@code GET /v1/alerts}.
 * Reading them back from the topic (rather than writing from the topology) keeps the
 * database write out of the Streams transaction and makes it a plain idempotent insert. A
 * record that is not a storable alert ({@link AlertCheck}, or refused by PostgreSQL) goes
 * to {@code metrics.alerts.dlq} with the reason, and the rest of its poll is recorded.
 */
@Component
class AlertWriter {

	private final PollWriter<Alert> writer;

	private final String topic;

	AlertWriter(AlertRows rows, DeadLetters deadLetters, AggregatorTopics topics) {
		this.writer = new PollWriter<>(AlertCheck::read, rows::insert, deadLetters);
		this.topic = topics.alerts();
	}

	/**
	 * The topic this listener reads, from {@link AggregatorTopics}; the
	 * {@code @KafkaListener} below asks for it, so the name and its default live in one
	 * place.
	 */
	public String topic() {
		return this.topic;
	}

	@KafkaListener(id = "alert-writer", groupId = "metrics-aggregator-alert-writer", topics = "#{__listener.topic()}",
			containerFactory = AlertWriterConfiguration.FACTORY)
	void on(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer) {
		this.writer.write(batch, consumer);
	}

}
