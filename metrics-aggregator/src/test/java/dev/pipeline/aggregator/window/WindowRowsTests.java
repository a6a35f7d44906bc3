package dev.pipeline.aggregator.window;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.metrics.MergedWindows;
import dev.pipeline.metrics.WindowRow;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Replays of window updates against the real PostgreSQL: the row never counts twice. */
class WindowRowsTests extends AggregatorIntegrationTest {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	WindowRows rows;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void shouldNotDoubleCountWhenUpdatesAreReplayed() {
		MetricsKey key = new MetricsKey(MetricsKey.Scope.MODEL, MetricsKey.ALL, "replay-" + UUID.randomUUID(), "1");
		List<WindowUpdate> updates = List.of(update(key, 1), update(key, 2), update(key, 3));

		updates.forEach(update -> this.rows.upsert(List.of(update)));
		// The whole history again (a replayed topic), one by one and as one batch.
		updates.forEach(update -> this.rows.upsert(List.of(update)));
		this.rows.upsert(updates);

		assertThat(count(key)).isEqualTo(3);
	}

	@Test
	void shouldNotMoveARowBackWhenAnOlderUpdateArrivesLate() {
		MetricsKey key = new MetricsKey(MetricsKey.Scope.MODEL, MetricsKey.ALL, "late-" + UUID.randomUUID(), "1");

		this.rows.upsert(List.of(update(key, 5)));
		this.rows.upsert(List.of(update(key, 2)));

		assertThat(count(key)).isEqualTo(5);
		Map<String, Object> row = this.jdbc
			.queryForMap("SELECT succeeded, latency_p50_ms FROM metrics_windows" + " WHERE model = ?", key.model());
		assertThat(row.get("succeeded")).isEqualTo(5L);
		assertThat((Double) row.get("latency_p50_ms")).isBetween(9.9, 10.1);
	}

	/**
	 * The readers (ingress, analyst) read rows with the shared {@link WindowRow}: what
	 * they read back must be what this writer wrote.
	 */
	@Test
	void shouldWriteRowsTheSharedReaderReadsBack() {
		MetricsKey key = new MetricsKey(MetricsKey.Scope.MODEL, MetricsKey.ALL, "format-" + UUID.randomUUID(), "1");
		WindowAggregate fast = WindowAggregate.empty();
		for (int i = 0; i < 90; i++) {
			fast = fast.add(result(key.model() + "-fast-" + i, key.model(), null, ResultStatus.SUCCEEDED, START, 10,
					List.of(output("positive", 0.9))), 0.6);
		}
		fast = fast.add(result(key.model() + "-failed", key.model(), null, ResultStatus.FAILED, START, 10, List.of()),
				0.6);
		WindowAggregate slow = WindowAggregate.empty();
		for (int i = 0; i < 10; i++) {
			slow = slow.add(result(key.model() + "-slow-" + i, key.model(), null, ResultStatus.SUCCEEDED,
					START.plusSeconds(60), 1000, List.of(output("negative", 0.5))), 0.6);
		}
		this.rows.upsert(List.of(new WindowUpdate(key, START, START.plusSeconds(60), fast),
				new WindowUpdate(key, START.plusSeconds(60), START.plusSeconds(120), slow)));

		List<WindowRow> read = this.jdbc.query(
				"SELECT " + WindowRow.COLUMNS + " FROM metrics_windows WHERE model = ? ORDER BY window_start",
				(rs, n) -> WindowRow.read(rs), key.model());

		assertThat(read).hasSize(2);
		WindowRow first = read.get(0);
		assertThat(first.scope()).isEqualTo("MODEL");
		assertThat(first.accountId()).isEqualTo("*");
		assertThat(first.modelVersion()).isEqualTo("1");
		assertThat(first.windowStart()).isEqualTo(START);
		assertThat(first.windowEnd()).isEqualTo(START.plusSeconds(60));
		assertThat(first.latency()).isEqualTo(fast.latency());
		assertThat(first.batchSizeCount()).isEqualTo(91);
		assertThat(first.labelCounts()).isEqualTo(Map.of("positive", 90L));
		MergedWindows merged = MergedWindows.of(read);
		assertThat(merged.count()).isEqualTo(101);
		assertThat(merged.failed()).isEqualTo(1);
		assertThat(merged.latencyMs(50)).isCloseTo(10, within(0.1));
		assertThat(merged.latencyMs(95)).isCloseTo(1000, within(10.0));
		assertThat(merged.meanConfidence()).isCloseTo(86.0 / 100, within(1e-9));
		assertThat(merged.lowConfidenceCount()).isEqualTo(10);
		assertThat(merged.meanBatchSize()).isEqualTo(4.0);
		assertThat(merged.labelCounts()).isEqualTo(Map.of("positive", 90L, "negative", 10L));
	}

	private static JsonNode output(String label, double score) {
		return PipelineJson.mapper().valueToTree(Map.of("label", label, "score", score));
	}

	private long count(MetricsKey key) {
		return this.jdbc.queryForObject("SELECT sum(result_count) FROM metrics_windows WHERE model = ?", Long.class,
				key.model());
	}

	private static WindowUpdate update(MetricsKey key, int results) {
		WindowAggregate aggregate = WindowAggregate.empty();
		for (int i = 0; i < results; i++) {
			aggregate = aggregate.add(result(key.model() + i, key.model(), null, ResultStatus.SUCCEEDED,
					START.plusSeconds(1), 10, List.of()), 0.6);
		}
		return new WindowUpdate(key, START, START.plusSeconds(60), aggregate);
	}

}
