package dev.pipeline.aggregator.window;

import java.time.Duration;
import java.time.Instant;

import dev.pipeline.contracts.Alert;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Checks each window against its model's thresholds as soon as stream time has passed its
 * end plus {@code alert-after}, however long the grace that still lets late results into
 * it. Until then the window's latest value waits in a store. A window that changes after
 * its check (a late result) is checked again, and only alerts not yet raised for it go
 * out: a breach is raised once, a breach the late results cause is raised too.
 *
 * <p>
 * Stream time is the highest timestamp of the window changes seen by this processor
 * instance (a window's change carries the timestamp of its newest result), so it moves
 * with the changes that reach it through the record cache. It is not restored after a
 * restart: the windows not checked yet are in the store and are checked on the first
 * change that moves time past them. Both stores keep a window as long as the window store
 * does (its size, the grace and one size more), so a late change always finds what was
 * raised for its window.
 *
 * <p>
 * A record costs constant work: the store of unchecked windows is scanned only when
 * stream time crosses the end of another window, once per window size, not on every
 * change. A window stored as unchecked always starts after the last window swept (it
 * would have been checked at once otherwise), so nothing waits for a sweep that already
 * passed it.
 */
class WindowAlerts implements Processor<Windowed<MetricsKey>, WindowAggregate, String, Alert> {

	private final ClosedWindowRule rule;

	private final long sizeMs;

	private final long alertAfterMs;

	private ProcessorContext<String, Alert> context;

	private WindowStore<MetricsKey, WindowAggregate> unchecked;

	private WindowStore<String, Long> raised;

	private long streamTime = Long.MIN_VALUE;

	/**
	 * The start of the latest window the unchecked store was swept up to; none after a
	 * restart, so the first change sweeps what the previous instance left.
	 */
	private long sweptThrough = Long.MIN_VALUE;

	WindowAlerts(ClosedWindowRule rule, Duration size, Duration alertAfter) {
		this.rule = rule;
		this.sizeMs = size.toMillis();
		this.alertAfterMs = alertAfter.toMillis();
	}

	/**
	 * Windows whose end plus alert-after stream time has not passed yet. In memory, like
	 * the window aggregates (see {@link MetricsTopology}): a few entries per scope.
	 */
	static StoreBuilder<WindowStore<MetricsKey, WindowAggregate>> uncheckedStore(String name, Duration retention,
			Duration size) {
		return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(name, retention, size, false),
				MetricsTopology.METRICS_KEYS, MetricsTopology.AGGREGATES);
	}

	/** Alert ids already raised, at their window's start; in memory, as few as alerts. */
	static StoreBuilder<WindowStore<String, Long>> raisedStore(String name, Duration retention) {
		return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(name, retention, Duration.ofMillis(1), false),
				Serdes.String(), Serdes.Long());
	}

	@Override
	public void init(ProcessorContext<String, Alert> context) {
		this.context = context;
		this.unchecked = context.getStateStore(MetricsTopology.UNCHECKED_WINDOWS_STORE);
		this.raised = context.getStateStore(MetricsTopology.RAISED_ALERTS_STORE);
	}

	@Override
	public void process(Record<Windowed<MetricsKey>, WindowAggregate> change) {
		this.streamTime = Math.max(this.streamTime, change.timestamp());
		Windowed<MetricsKey> window = change.key();
		if (window.window().end() + this.alertAfterMs > this.streamTime) {
			this.unchecked.put(window.key(), change.value(), window.window().start());
		}
		else {
			check(window, change.value(), change.timestamp());
		}
		checkWindowsEndedBy(this.streamTime - this.alertAfterMs, change.timestamp());
	}

	/**
	 * Checks, and forgets, every unchecked window that ended at or before this time, if a
	 * window ended since the last sweep.
	 */
	private void checkWindowsEndedBy(long endedBy, long timestamp) {
		long startedBy = endedBy - this.sizeMs;
		if (startedBy < 0) {
			return;
		}
		// Windows are aligned to the epoch: the latest that has ended starts here.
		long lastEnded = startedBy - Math.floorMod(startedBy, this.sizeMs);
		if (lastEnded <= this.sweptThrough) {
			return;
		}
		Instant from = (this.sweptThrough == Long.MIN_VALUE) ? Instant.EPOCH
				: Instant.ofEpochMilli(this.sweptThrough + 1);
		try (KeyValueIterator<Windowed<MetricsKey>, WindowAggregate> ended = this.unchecked.fetchAll(from,
				Instant.ofEpochMilli(lastEnded))) {
			while (ended.hasNext()) {
				KeyValue<Windowed<MetricsKey>, WindowAggregate> window = ended.next();
				check(window.key, window.value, timestamp);
				this.unchecked.put(window.key.key(), null, window.key.window().start());
			}
		}
		this.sweptThrough = lastEnded;
	}

	private void check(Windowed<MetricsKey> window, WindowAggregate aggregate, long timestamp) {
		long start = window.window().start();
		for (KeyValue<String, Alert> alert : this.rule.check(window, aggregate)) {
			String id = alert.value.id();
			if (this.raised.fetch(id, start) == null) {
				this.raised.put(id, start, start);
				this.context.forward(new Record<>(alert.key, alert.value, timestamp));
			}
		}
	}

}
