package dev.pipeline.aggregator.window;

import java.time.Instant;

import dev.pipeline.aggregator.AggregatorProperties;
import dev.pipeline.contracts.InferenceResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time a result is windowed at: when it was completed ({@code completedAt}, set once
 * by the worker), kept within what its record's timestamp allows. A replay reads the same
 * records, so it lands every result in the same window as the first time.
 *
 * <p>
 * Two bounds, both counted in {@code aggregator.results.retimed}. A result completed more
 * than the clock skew after its record's timestamp is windowed at the timestamp plus the
 * skew: a wrong (or hostile) clock must not advance stream time, which would close every
 * open window and drop the results that follow. A result completed more than
 * {@link AggregatorProperties.Windows#maxDeliveryDelay()} before its record is windowed
 * at the timestamp less that: a result re-sent by its producer minutes later would
 * otherwise fall behind windows long closed and never be counted; this way it counts in
 * the window it reached Kafka in.
 */
class ResultTimestamps implements TimestampExtractor {

	private static final Instant EARLIEST = Instant.ofEpochMilli(0);

	private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

	private final long clockSkewMs;

	private final long deliveryMs;

	private final Counter completedInFuture;

	private final Counter deliveredLate;

	ResultTimestamps(AggregatorProperties.Windows windows, MeterRegistry meters) {
		this.clockSkewMs = windows.clockSkew().toMillis();
		this.deliveryMs = windows.maxDeliveryDelay().toMillis();
		this.completedInFuture = retimed(meters, "completed-in-future",
				"completedAt more than the clock skew after the record's timestamp");
		this.deliveredLate = retimed(meters, "delivered-late",
				"completedAt longer before the record's timestamp than the grace allows");
	}

	private static Counter retimed(MeterRegistry meters, String reason, String description) {
		return Counter.builder("aggregator.results.retimed")
			.tag("reason", reason)
			.description("Results windowed by their record's timestamp instead of completedAt: " + description)
			.register(meters);
	}

	@Override
	public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
		long appended = record.timestamp();
		if (!(record.value() instanceof InferenceResult result) || result.completedAt() == null) {
			return appended;
		}
		Instant completed = result.completedAt();
		if (appended < 0) {
			// No record timestamp to bound it by; one beyond epoch milliseconds is
			// skipped
			// (a negative timestamp), never thrown: a throw here stops the Streams app.
			return (completed.isBefore(EARLIEST) || completed.isAfter(LATEST)) ? -1 : completed.toEpochMilli();
		}
		// Compared as instants: completedAt may be anywhere in Instant's range (years to
		// 1e9), where toEpochMilli overflows.
		if (completed.isAfter(Instant.ofEpochMilli(appended + this.clockSkewMs))) {
			this.completedInFuture.increment();
			return appended + this.clockSkewMs;
		}
		if (completed.isBefore(Instant.ofEpochMilli(appended - this.deliveryMs))) {
			this.deliveredLate.increment();
			return appended - this.deliveryMs;
		}
		return completed.toEpochMilli();
	}

}
