package dev.pipeline.aggregator.window;

import java.time.Duration;

import dev.pipeline.contracts.InferenceResult;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops a result whose request id was already counted for the same account within the
 * retention. A worker may publish a result twice after a crash (DESIGN.md); exactly-once
 * in Kafka Streams does not help there, because the duplicate is a second input record.
 * Ids are chosen by whoever writes to Kafka, so two accounts may use the same one: each
 * account's result counts once, neither hides the other. Results are keyed by request id
 * on {@code inference.results}, so every delivery of an id reaches the same task. A
 * window store drops old ids segment by segment, with no sweep of its own.
 */
class DuplicateResultFilter implements FixedKeyProcessor<String, InferenceResult, InferenceResult> {

	private final String storeName;

	private final long retentionMs;

	private FixedKeyProcessorContext<String, InferenceResult> context;

	private WindowStore<String, Long> seen;

	DuplicateResultFilter(String storeName, Duration retention) {
		this.storeName = storeName;
		this.retentionMs = retention.toMillis();
	}

	static StoreBuilder<WindowStore<String, Long>> store(String name, Duration retention) {
		return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, retention, false),
				Serdes.String(), Serdes.Long());
	}

	@Override
	public void init(FixedKeyProcessorContext<String, InferenceResult> context) {
		this.context = context;
		this.seen = context.getStateStore(this.storeName);
	}

	@Override
	public void process(FixedKeyRecord<String, InferenceResult> record) {
		String id = seenKey(record.value());
		long time = record.timestamp();
		try (WindowStoreIterator<Long> earlier = this.seen.fetch(id, time - this.retentionMs,
				time + this.retentionMs)) {
			if (earlier.hasNext()) {
				return;
			}
		}
		this.seen.put(id, time, time);
		this.context.forward(record);
	}

	/**
	 * The account and the id, unambiguously: an account's length prefix ends where the id
	 * begins.
	 */
	static String seenKey(InferenceResult result) {
		String account = result.accountId();
		return (account != null) ? account.length() + ":" + account + result.id() : "-:" + result.id();
	}

}
