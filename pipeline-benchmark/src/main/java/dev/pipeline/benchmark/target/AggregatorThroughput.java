package dev.pipeline.benchmark.target;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How fast the metrics aggregator absorbs results: N succeeded results of a model of its
 * own are written to {@code inference.results} at once, then PostgreSQL is polled until
 * every one is in {@code inference_results} (the result sink) and counted in
 * {@code metrics_windows} (the exactly-once Streams topology), in both the model and the
 * account scope. Then single results, one at a time, for the delay until a result shows
 * in a window row, which is what the metrics API reads. Times run from the first send, so
 * they include producing.
 */
public final class AggregatorThroughput {

	/**
	 * The harness's producer, as a worker's: every result acknowledged by all replicas.
	 */
	public static final Map<String, Object> PRODUCER_SETTINGS = Map.of(ProducerConfig.ACKS_CONFIG, "all",
			ProducerConfig.LINGER_MS_CONFIG, 5);

	private static final int DELAY_SAMPLES = 20;

	/**
	 * Results spread over this many accounts, so the account scope has more than one key.
	 */
	private static final int ACCOUNTS = 10;

	private static final Duration ABSORB_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration DELAY_TIMEOUT = Duration.ofSeconds(30);

	private static final JsonNode OUTPUT = PipelineJson.mapper()
		.createObjectNode()
		.put("label", "positive")
		.put("score", 0.93);

	private final String bootstrapServers;

	private final String jdbcUrl;

	private final String resultsTopic;

	public AggregatorThroughput(String bootstrapServers, String jdbcUrl, TopicNames topics) {
		if (jdbcUrl.isBlank()) {
			throw new IllegalStateException(
					"the stack's stack.json names no database (jdbcUrl), which the" + " aggregator scenario reads");
		}
		this.bootstrapServers = bootstrapServers;
		this.jdbcUrl = jdbcUrl;
		this.resultsTopic = topics.of(Topics.INFERENCE_RESULTS);
	}

	/**
	 * @return the figures, by name, for the run's measurements
	 * @throws IllegalStateException if the results are not all absorbed within five
	 * minutes
	 */
	public Map<String, Object> measure(int results) throws SQLException {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("results", results);
		String model = "bench-" + UUID.randomUUID();
		try (Connection db = DriverManager.getConnection(this.jdbcUrl);
				KafkaProducer<String, InferenceResult> producer = producer()) {
			long started = System.nanoTime();
			for (int i = 0; i < results; i++) {
				send(producer, result(model + "-" + i, model, "acct-" + (i % ACCOUNTS), 5 + (i % 50)));
			}
			producer.flush();
			figures.put("producedSeconds", round(seconds(started)));
			awaitCount(db, "SELECT count(*) FROM inference_results WHERE model = ?", model, results);
			double rows = seconds(started);
			figures.put("resultsTableSeconds", round(rows));
			figures.put("resultsTablePerSecond", Math.round(results / rows));
			awaitCount(db,
					"SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = 'MODEL' AND model = ?",
					model, results);
			double windows = seconds(started);
			figures.put("windowsSeconds", round(windows));
			figures.put("windowsPerSecond", Math.round(results / windows));
			// Under load nothing may be lost or counted twice: the counts say whether it
			// was.
			figures.put("resultRows", count(db, "SELECT count(*) FROM inference_results WHERE model = ?", model));
			figures.put("countedForModel", count(db,
					"SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = 'MODEL' AND model = ?",
					model));
			figures.put("countedForAccounts", count(db,
					"SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = 'ACCOUNT' AND model = ?",
					model));
			figures.put("resultToWindowRowMs", delays(db, producer));
		}
		return figures;
	}

	/**
	 * Whether every result was counted exactly once, from the figures {@link #measure}
	 * returns.
	 */
	public static boolean countedExactlyOnce(Map<String, Object> figures) {
		Object results = figures.get("results");
		return List.of("resultRows", "countedForModel", "countedForAccounts")
			.stream()
			.allMatch(name -> figures.get(name) instanceof Long count && count == ((Integer) results).longValue());
	}

	/** Min, median and max of single results' delay until their window row exists. */
	private Map<String, Double> delays(Connection db, KafkaProducer<String, InferenceResult> producer)
			throws SQLException {
		List<Double> delays = new ArrayList<>();
		for (int i = 0; i < DELAY_SAMPLES; i++) {
			// A model of its own per sample: its first window row is the one this result
			// made.
			String single = "delay-" + UUID.randomUUID();
			long sent = System.nanoTime();
			send(producer, result(single, single, null, 5));
			producer.flush();
			awaitCount(db, "SELECT count(*) FROM metrics_windows WHERE model = ?", single, 1, DELAY_TIMEOUT,
					Duration.ofMillis(10));
			delays.add(seconds(sent) * 1000);
		}
		delays.sort(Double::compare);
		Map<String, Double> summary = new LinkedHashMap<>();
		summary.put("min", round(delays.get(0)));
		summary.put("median", round(delays.get(delays.size() / 2)));
		summary.put("max", round(delays.get(delays.size() - 1)));
		return summary;
	}

	private static void awaitCount(Connection db, String sql, String model, long expected) throws SQLException {
		awaitCount(db, sql, model, expected, ABSORB_TIMEOUT, Duration.ofMillis(250));
	}

	private static void awaitCount(Connection db, String sql, String model, long expected, Duration timeout,
			Duration interval) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long seen = count(db, sql, model);
		while (seen < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the aggregator had " + seen + " of " + expected + " results of "
						+ model + " after " + timeout.toSeconds() + " s (" + sql + ")");
			}
			LockSupport.parkNanos(interval.toNanos());
			seen = count(db, sql, model);
		}
	}

	private static long count(Connection db, String sql, String model) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setString(1, model);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

	private KafkaProducer<String, InferenceResult> producer() {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		props.putAll(PRODUCER_SETTINGS);
		return new KafkaProducer<>(props, Topics.INFERENCE_RESULTS.keySerde().serializer(),
				Topics.INFERENCE_RESULTS.valueSerde().serializer());
	}

	/** Keyed by id and stamped with the completion time, as the worker writes results. */
	private void send(KafkaProducer<String, InferenceResult> producer, InferenceResult result) {
		producer.send(new ProducerRecord<>(this.resultsTopic, null, result.completedAt().toEpochMilli(), result.id(),
				result));
	}

	private static InferenceResult result(String id, String model, @Nullable String account, double latencyMs) {
		Instant submittedAt = Instant.now().minusMillis(20);
		Instant completedAt = submittedAt.plusNanos((long) (latencyMs * 1_000_000));
		return new InferenceResult(InferenceResult.SCHEMA_VERSION, id, model, "1", account, ResultStatus.SUCCEEDED,
				List.of(OUTPUT), null, submittedAt, completedAt, new Timings(latencyMs / 2, latencyMs / 2, 4));
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
