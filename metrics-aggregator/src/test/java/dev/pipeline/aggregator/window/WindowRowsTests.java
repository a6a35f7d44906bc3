package dev.pipeline.aggregator.window;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import dev.pipeline.contracts.ResultStatus;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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
