package dev.pipeline.aggregator.result;

import java.util.List;

import dev.pipeline.aggregator.AggregatorTopics;
import dev.pipeline.aggregator.system.DeadLetters;
import dev.pipeline.aggregator.system.PollWriter;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.RecordTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Persists {@code inference.results} for job lookups. The listener takes a whole poll as
 * one batch and returns only after PostgreSQL has it; the container commits the offsets
 * after that, so a crash in between replays the batch, which {@link ResultRows} absorbs
 * (the first final result of an id is kept). A result that cannot be stored (unreadable,
 * failing {@link ResultCheck}, refused by PostgreSQL, or claiming another owner's row)
 * goes to {@code inference.results.dlq} with the reason; the rest of its poll is stored
 * all the same.
 */
@Component
class ResultSink {

	private static final Logger logger = LoggerFactory.getLogger(ResultSink.class);

	private final PollWriter<InferenceResult> writer;

	private final Counter stored;

	private final String topic;

	ResultSink(ResultRows rows, DeadLetters deadLetters, MeterRegistry meters, AggregatorTopics topics,
			RecordTracing tracing) {
		// Each result is read in its request's trace (the worker's traceparent).
		this.writer = new PollWriter<>(ResultCheck::read, rows::insert, deadLetters, tracing);
		this.stored = Counter.builder("aggregator.results.stored")
			.description(
					"Results written to inference_results, or already there (duplicates within a batch count once)")
			.register(meters);
		this.topic = topics.results();
	}

	/**
	 * The topic this listener reads, from {@link AggregatorTopics}; the
	 * {@code @KafkaListener} below asks for it, so the name and its default live in one
	 * place.
	 */
	public String topic() {
		return this.topic;
	}

	@KafkaListener(id = "result-sink", groupId = "metrics-aggregator-result-sink", topics = "#{__listener.topic()}",
			containerFactory = ResultSinkConfiguration.FACTORY)
	void on(List<ConsumerRecord<byte[], byte[]>> batch, Consumer<?, ?> consumer) {
		int stored = this.writer.write(batch, consumer);
		this.stored.increment(stored);
		logger.debug("Stored {} results from a batch of {}", stored, batch.size());
	}

}
