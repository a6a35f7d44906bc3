package dev.pipeline.aggregator.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * How every PostgreSQL writer of the aggregator handles one poll: each record is read and
 * checked ({@link Read}); what cannot be stored goes to the dead-letter topic with its
 * reason, the rest is written in one batch, and a row the database still refuses is
 * dead-lettered too ({@link RowByRowFallback}). One bad record therefore costs one dead
 * letter, never its neighbours' writes and never a retry. Only a failing database escapes
 * (to the container's error handler, which retries the poll).
 *
 * @param <T> what a record holds
 */
public final class PollWriter<T> {

	private final Function<byte @Nullable [], Read<T>> reader;

	private final Function<List<T>, Written<T>> rows;

	private final DeadLetters deadLetters;

	/**
	 * @param reader parses and checks a record's value
	 * @param rows writes values, reporting those the database refused
	 */
	public PollWriter(Function<byte @Nullable [], Read<T>> reader, Function<List<T>, Written<T>> rows,
			DeadLetters deadLetters) {
		this.reader = reader;
		this.rows = rows;
		this.deadLetters = deadLetters;
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
			Read<T> read = this.reader.apply(record.value());
			if (read instanceof Read.Storable<T> storable) {
				values.add(storable.value());
				sources.add(record);
			}
			else if (read instanceof Read.Rejected<T> rejected) {
				this.deadLetters.send(record, consumer, rejected.reason());
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

}
