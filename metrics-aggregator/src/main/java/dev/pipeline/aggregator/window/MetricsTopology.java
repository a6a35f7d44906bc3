package dev.pipeline.aggregator.window;

import java.time.Duration;
import java.util.Map;

import dev.pipeline.aggregator.AggregatorProperties;
import dev.pipeline.aggregator.AggregatorTopics;
import dev.pipeline.aggregator.result.ResultCheck;
import dev.pipeline.contracts.Alert;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * The aggregator's whole Kafka Streams topology, top to bottom (docs/metrics.md walks
 * through it). Every step, store and repartition topic is named, so an edit cannot
 * silently rename a changelog ({@code ensure.explicit.internal.resource.naming=true}
 * enforces it).
 *
 * <p>
 * The window aggregates, the windows waiting for their check and the alerts raised are
 * kept in memory, backed by their changelog topics as RocksDB stores would be: they hold
 * a few entries per scope and window, and a RocksDB instance per segment and task cost
 * far more memory and CPU (docs/benchmarks.md, "Fixed costs, memory and warm-up"). The
 * price is paid at start: an in-memory store has no local copy, so each start restores it
 * from its changelog. The seen result ids, one per result for the dedupe retention, stay
 * in RocksDB ({@link BoundedRocksDbMemory} caps its memory).
 *
 * <p>
 * Updates leave the topology in two ways: every change of a window goes, as the window's
 * full current value, to the compacted window-update topic (the JDBC writer replaces the
 * row), and each window, once closed, is checked once against its model's thresholds.
 */
public final class MetricsTopology {

	private static final Logger logger = LoggerFactory.getLogger(MetricsTopology.class);

	/** Request ids already counted (drops redelivered results). */
	public static final String SEEN_RESULTS_STORE = "seen-result-ids";

	/** The window aggregates. */
	public static final String WINDOWS_STORE = "metrics-windows";

	/** Repartition of results by metrics key. */
	public static final String BY_METRICS_KEY = "results-by-metrics-key";

	/** Windows not yet checked against their thresholds. */
	public static final String UNCHECKED_WINDOWS_STORE = "windows-to-check";

	/** Alerts already raised, per window. */
	public static final String RAISED_ALERTS_STORE = "raised-alert-ids";

	static final Serde<String> IDS = Serdes.String();

	static final Serde<InferenceResult> RESULTS = Topics.INFERENCE_RESULTS.valueSerde();

	static final Serde<MetricsKey> METRICS_KEYS = json(MetricsKey.class);

	static final Serde<WindowAggregate> AGGREGATES = json(WindowAggregate.class);

	public static final Serde<WindowUpdate> WINDOW_UPDATES = json(WindowUpdate.class);

	static final Serde<Alert> ALERTS = Topics.METRICS_ALERTS.valueSerde();

	private MetricsTopology() {
	}

	public static void build(StreamsBuilder builder, AggregatorProperties properties, AggregatorTopics topics,
			ClosedWindowRule alertRule, MeterRegistry meters) {
		AggregatorProperties.Windows windows = properties.windows();
		builder.addStateStore(DuplicateResultFilter.store(SEEN_RESULTS_STORE, windows.dedupeRetention()));
		builder.addStateStore(
				WindowAlerts.uncheckedStore(UNCHECKED_WINDOWS_STORE, storeRetention(windows), windows.size()));
		builder.addStateStore(WindowAlerts.raisedStore(RAISED_ALERTS_STORE, storeRetention(windows)));
		TimeWindows tumbling = TimeWindows.ofSizeAndGrace(windows.size(), windows.grace());
		Map<MetricsKey.Scope, Counter> late = LateResults.counters(meters);

		KTable<Windowed<MetricsKey>, WindowAggregate> aggregates = builder
			// Results in event time (completedAt, kept within what the record's timestamp
			// allows), keyed by request id.
			.stream(topics.results(),
					Consumed.with(IDS, RESULTS)
						.withTimestampExtractor(new ResultTimestamps(windows, meters))
						.withName("read-results"))
			// What the sink cannot store cannot be counted either (ResultCheck; the sink
			// dead-letters it).
			.filter((id, result) -> countable(result), Named.as("drop-uncountable-results"))
			// A result delivered twice counts once.
			.processValues(() -> new DuplicateResultFilter(SEEN_RESULTS_STORE, windows.dedupeRetention()),
					Named.as("drop-duplicate-results"), SEEN_RESULTS_STORE)
			// One record per scope: (model, version) and, with an account, (account,
			// model).
			.flatMap((id, result) -> MetricsKey.of(result).stream().map(key -> KeyValue.pair(key, result)).toList(),
					Named.as("key-by-scope"))
			.repartition(Repartitioned.<MetricsKey, InferenceResult>as(BY_METRICS_KEY)
				.withKeySerde(METRICS_KEYS)
				.withValueSerde(RESULTS))
			// Counts what the window step is about to drop as late.
			.processValues(() -> new LateResults(tumbling, late), Named.as("count-late-results"))
			.groupByKey(Grouped.with(METRICS_KEYS, RESULTS))
			// Tumbling windows in event time; results later than end plus grace are
			// dropped. The grace covers a restart's catch-up; alerts do not wait for it.
			.windowedBy(tumbling)
			// Counts, sums and the latency histogram of each tumbling window.
			.aggregate(WindowAggregate::empty,
					(key, result, aggregate) -> aggregate.add(result, windows.lowConfidenceBelow()),
					Named.as("aggregate-windows"),
					Materialized
						.<MetricsKey, WindowAggregate>as(Stores.inMemoryWindowStore(WINDOWS_STORE,
								storeRetention(windows), windows.size(), false))
						.withKeySerde(METRICS_KEYS)
						.withValueSerde(AGGREGATES));

		aggregates
			// Every change of a window, as its full current value (the cache collapses
			// bursts).
			.toStream(Named.as("window-changes"))
			.map((window, aggregate) -> KeyValue.pair(WindowUpdate.topicKey(window),
					WindowUpdate.of(window, aggregate)), Named.as("to-window-updates"))
			.to(topics.windows(), Produced.with(IDS, WINDOW_UPDATES).withName("write-window-updates"));

		aggregates.toStream(Named.as("changes-to-check"))
			// Once stream time passes a window's end plus alert-after, compare it with
			// the
			// model's thresholds: one alert per breached metric, each raised once even if
			// late results change the window afterwards.
			.process(() -> new WindowAlerts(alertRule, windows.size(), windows.alertAfter()),
					Named.as("check-thresholds"), UNCHECKED_WINDOWS_STORE, RAISED_ALERTS_STORE)
			.to(topics.alerts(), Produced.with(IDS, ALERTS).withName("write-alerts"));
	}

	private static boolean countable(@Nullable InferenceResult result) {
		String problem = (result != null) ? ResultCheck.problem(result) : "no value";
		if (problem != null) {
			logger.debug("Not counting a result: {}", problem);
		}
		return problem == null;
	}

	/** Long enough to accept every record within grace; PostgreSQL keeps the history. */
	static Duration storeRetention(AggregatorProperties.Windows windows) {
		return windows.size().plus(windows.grace()).plus(windows.size());
	}

	private static <T> Serde<T> json(Class<T> type) {
		return new JacksonJsonSerde<T>(type, PipelineJson.mapper()).noTypeInfo().ignoreTypeHeaders();
	}

}
