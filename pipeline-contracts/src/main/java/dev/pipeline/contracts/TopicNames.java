package dev.pipeline.contracts;

import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The names the contract's topics have in one deployment: each {@link Topics} name behind
 * one prefix, the same in every service ({@code pipeline.topics.prefix}, environment
 * variable {@code PIPELINE_TOPICS_PREFIX}). Several pipelines can so share a Kafka
 * cluster, each on topics of its own, by setting one value per deployment instead of a
 * key per topic and service. The services bind it with
 * {@code @EnableConfigurationProperties(TopicNames.class)}; the local stack, the
 * benchmark and {@code TopicProvisioner} are given one.
 *
 * @param prefix put before every topic name, e.g. {@code staging.} for
 * {@code staging.inference.requests}; empty (the default) for the contract's own names.
 * Letters, digits, {@code .}, {@code _} and {@code -} only, like Kafka topic names
 */
@ConfigurationProperties("pipeline.topics")
public record TopicNames(@DefaultValue("") String prefix) {

	/** Declared first: the constructor checks every prefix, {@link #UNPREFIXED}'s too. */
	private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");

	/** The contract's names as they are. */
	public static final TopicNames UNPREFIXED = new TopicNames("");

	public TopicNames {
		prefix = (prefix != null) ? prefix : "";
		if (!LEGAL.matcher(prefix).matches() || prefix.length() > 100) {
			throw new IllegalArgumentException("pipeline.topics.prefix '" + LogSafe.escape(prefix)
					+ "' is not a legal start of a Kafka topic name (letters, digits, '.', '_', '-'; at most 100)");
		}
	}

	/** A contract topic's name in this deployment. */
	public String of(Topic<?> topic) {
		return this.prefix + topic.name();
	}

	/**
	 * A topic of one service's own (not in the contract, e.g. the aggregator's
	 * {@code metrics.windows}), behind the same prefix.
	 */
	public String of(String name) {
		return this.prefix + name;
	}

}
