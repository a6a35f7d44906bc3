package dev.pipeline.aggregator.window;

import java.util.EnumMap;
import java.util.Map;

import dev.pipeline.contracts.InferenceResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windows;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Counts the results the window step will drop because their window closed (its end plus
 * grace is at or before stream time), and forwards every result. Kafka Streams drops them
 * with a log line and a task metric ({@code dropped-records-total}) that mixes all
 * causes; this counter is for late results only. It sits right before the window step and
 * sees exactly its records, in the same order, and decides as it does: stream time is the
 * highest timestamp seen by this processor instance (as the window step keeps it, not
 * restored after a restart).
 */
class LateResults implements FixedKeyProcessor<MetricsKey, InferenceResult, InferenceResult> {

	private final Windows<? extends Window> windows;

	private final Map<MetricsKey.Scope, Counter> late;

	private FixedKeyProcessorContext<MetricsKey, InferenceResult> context;

	private long streamTime = Long.MIN_VALUE;

	LateResults(Windows<? extends Window> windows, Map<MetricsKey.Scope, Counter> late) {
		this.windows = windows;
		this.late = late;
	}

	/** One counter per scope: a result counts once in each scope it belongs to. */
	static Map<MetricsKey.Scope, Counter> counters(MeterRegistry meters) {
		Map<MetricsKey.Scope, Counter> counters = new EnumMap<>(MetricsKey.Scope.class);
		for (MetricsKey.Scope scope : MetricsKey.Scope.values()) {
			counters.put(scope,
					Counter.builder("aggregator.results.late")
						.tag("scope", scope.name().toLowerCase())
						.description("Results that reached their window after it closed (end plus grace): stored in"
								+ " inference_results, not counted in metrics_windows")
						.register(meters));
		}
		return counters;
	}

	@Override
	public void init(FixedKeyProcessorContext<MetricsKey, InferenceResult> context) {
		this.context = context;
	}

	@Override
	public void process(FixedKeyRecord<MetricsKey, InferenceResult> record) {
		this.streamTime = Math.max(this.streamTime, record.timestamp());
		long closedUpTo = this.streamTime - this.windows.gracePeriodMs();
		if (this.windows.windowsFor(record.timestamp()).values().stream().allMatch(w -> w.end() <= closedUpTo)) {
			this.late.get(record.key().scope()).increment();
		}
		this.context.forward(record);
	}

}
