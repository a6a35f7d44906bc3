package dev.pipeline.aggregator.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.pipeline.contracts.RecordTracing;
import dev.pipeline.contracts.RequestRules;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every PostgreSQL writer of the aggregator handles one poll: each record is read and
 * checked ({@link Read}); what cannot be stored goes to the dead-letter topic with its
 * reason, the rest is written in one batch, and a row the database still refuses is
 * dead-lettered too ({@link RowByRowFallback}). One bad record therefore costs one dead
 * letter, never its neighbours' writes and never a retry. Only a failing database escapes
 * (to the container's error handler, which retries the poll).
 *
 * <p>
 * A writer given a {@link RecordTracing} reads each record in the trace the record
 * carries, with its key as the request id: the record's log lines (its dead letter, the
 * debug line of what is stored) show both (docs/observability.md, Traces).
 *
 * @param <T> what a record holds
 */
public final class PollWriter<T> {

	private static final Logger logger = LoggerFactory.getLogger(PollWriter.class);

	private final Function<byte @Nullable [], Read<T>> reader;

	private final Function<List<T>, Written<T>> rows;

	private final DeadLetters deadLetters;

	private final @Nullable RecordTracing tracing;

	/**
	 * @param reader parses and checks a record's value
	 * @param rows writes values, reporting those the database refused
	 */
	public PollWriter(Function<byte @Nullable [], Read<T>> reader, Function<List<T>, Written<T>> rows,
			DeadLetters deadLetters) {
		this(reader, rows, deadLetters, null);
	}

	/**
	 * @param tracing continues each record's trace while it is read, or null for records
	 * that carry none (those the aggregator's own topology writes)
	 */
	public PollWriter(Function<byte @Nullable [], Read<T>> reader, Function<List<T>, Written<T>> rows,
			DeadLetters deadLetters, @Nullable RecordTracing tracing) {
		this.reader = reader;
		this.rows = rows;
		this.deadLetters = deadLetters;
		this.tracing = tracing;
	}

	/**
	 * @return how many rows were written
	 */
	public int write(List<ConsumerRecord<byte[], byte[]>> poll, Consumer<?, ?> consumer) {
		List<T> values = new ArrayList<>(poll.size());
		List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(poll.size());
		for (ConsumerRecord<byte[], byte[]> record : poll) {
			if (record.value() == null) {
				// A tombstone (compaction's way of forgetting a key) has nothing to
				// store.
				continue;
			}
			Span span = (this.tracing != null) ? this.tracing.start(record.topic() + " process", record.headers())
					: null;
			try (RecordTracing.Scope scope = (span != null) ? this.tracing.open(span, requestId(record)) : null) {
				Read<T> read = this.reader.apply(record.value());
				if (read instanceof Read.Storable<T> storable) {
					values.add(storable.value());
					sources.add(record);
					logger.debug("Storing {}-{}@{}", record.topic(), record.partition(), record.offset());
				}
				else if (read instanceof Read.Rejected<T> rejected) {
					this.deadLetters.send(record, consumer, rejected.reason());
				}
			}
			finally {
				if (span != null) {
					span.end();
				}
			}
		}
		Written<T> written = this.rows.apply(values);
		for (int i = 0; i < values.size(); i++) {
			String reason = written.refused().get(values.get(i));
			if (reason != null) {
				this.deadLetters.send(sources.get(i), consumer, reason);
			}
		}
		return written.rows();
	}

	/**
	 * The record's key as the request id of its log lines, if it is one (the contract's
	 * id rule keeps a hostile key out of the logs).
	 */
	private static @Nullable String requestId(ConsumerRecord<byte[], byte[]> record) {
		if (record.key() == null) {
			return null;
		}
		String key = new String(record.key(), StandardCharsets.UTF_8);
		return RequestRules.ID.matcher(key).matches() ? key : null;
	}

}
