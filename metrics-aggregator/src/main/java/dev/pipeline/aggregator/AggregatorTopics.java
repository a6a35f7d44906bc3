package dev.pipeline.aggregator;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;

import org.springframework.stereotype.Component;

/**
 * The topics of the aggregator: the contract's results and alerts, and its own window
 * updates, all behind {@code pipeline.topics.prefix} ({@link TopicNames}).
 */
@Component
public class AggregatorTopics {

	/**
	 * The compacted topic of window updates, written by the topology and read by the JDBC
	 * writer; the aggregator's own, so not in the contract.
	 */
	public static final String WINDOWS = "metrics.windows";

	private final TopicNames names;

	public AggregatorTopics(TopicNames names) {
		this.names = names;
	}

	/** The results the aggregator consumes. */
	public String results() {
		return this.names.of(Topics.INFERENCE_RESULTS);
	}

	/** The window updates ({@link #WINDOWS}). */
	public String windows() {
		return this.names.of(WINDOWS);
	}

	/** Where threshold breaches go. */
	public String alerts() {
		return this.names.of(Topics.METRICS_ALERTS);
	}

}
