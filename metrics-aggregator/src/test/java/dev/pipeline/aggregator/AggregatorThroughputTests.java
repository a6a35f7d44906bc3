package dev.pipeline.aggregator;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A measurement (no timing assertions; it only checks that every result is counted exactly
 * once): how many results per second the aggregator absorbs into PostgreSQL, and how long one
 * result takes to show in {@code metrics_windows} (which the metrics API reads directly). Off
 * by default; run with
 * {@code -Daggregator.benchmark=true [-Daggregator.benchmark.results=50000]}.
 */
@EnabledIfSystemProperty(named = "aggregator.benchmark", matches = "true")
class AggregatorThroughputTests extends AggregatorIntegrationTest {

	private static final Logger logger = LoggerFactory.getLogger(AggregatorThroughputTests.class);

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldMeasureSustainedResultsPerSecondAndDelayToTheTables() {
		int n = Integer.getInteger("aggregator.benchmark.results", 50_000);
		String model = "bench-" + UUID.randomUUID();
		JsonNode output = PipelineJson.mapper().createObjectNode().put("label", "positive").put("score", 0.93);
		long started = System.nanoTime();
		try (KafkaProducer<String, InferenceResult> producer = resultProducer()) {
			for (int i = 0; i < n; i++) {
				send(producer, result(model + "-" + i, model, "acct-" + (i % 10), ResultStatus.SUCCEEDED,
						Instant.now().minusMillis(20), 5 + (i % 50), List.of(output)));
			}
			producer.flush();
		}
		double produced = seconds(started);
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> count(
				"SELECT count(*) FROM inference_results WHERE model = ?", model) >= n);
		double results = seconds(started);
		await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250)).until(() -> count(
				"SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = 'MODEL' AND model = ?",
				model) >= n);
		double windows = seconds(started);
		// Under load nothing may be lost or counted twice.
		assertThat(count("SELECT count(*) FROM inference_results WHERE model = ?", model)).isEqualTo(n);
		assertThat(count("SELECT sum(result_count) FROM metrics_windows WHERE scope = 'MODEL' AND model = ?", model))
			.isEqualTo(n);
		assertThat(count("SELECT sum(result_count) FROM metrics_windows WHERE scope = 'ACCOUNT' AND model = ?", model))
			.isEqualTo(n);
		logger.info("BENCHMARK {} results: produced in {} s; inference_results complete after {} s ({} results/s);"
				+ " metrics_windows complete after {} s ({} results/s)", n, fmt(produced), fmt(results),
				fmt(n / results), fmt(windows), fmt(n / windows));

		List<Double> delays = new ArrayList<>();
		try (KafkaProducer<String, InferenceResult> producer = resultProducer()) {
			for (int i = 0; i < 20; i++) {
				String single = "delay-" + UUID.randomUUID();
				long sent = System.nanoTime();
				send(producer, result(single, single, null, ResultStatus.SUCCEEDED, Instant.now().minusMillis(5), 5,
						List.of(output)));
				producer.flush();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> count(
						"SELECT count(*) FROM metrics_windows WHERE model = ? AND window_start > ?", single,
						Timestamp.from(Instant.now().minusSeconds(60))) >= 1);
				delays.add(seconds(sent) * 1000);
			}
		}
		delays.sort(Double::compare);
		logger.info("BENCHMARK delay result -> metrics_windows row (ms): min {} median {} max {}", fmt(delays.get(0)),
				fmt(delays.get(delays.size() / 2)), fmt(delays.get(delays.size() - 1)));
	}

	private long count(String sql, Object... args) {
		Long count = this.jdbc.queryForObject(sql, Long.class, args);
		return (count != null) ? count : 0;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static String fmt(double value) {
		return String.format("%.1f", value);
	}

}
