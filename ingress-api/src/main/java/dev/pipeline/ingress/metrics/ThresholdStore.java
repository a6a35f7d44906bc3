package dev.pipeline.ingress.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code metrics_thresholds} table, which the aggregator reloads periodically: a
 * write here takes effect there within its reload interval, without a restart.
 */
@Repository
class ThresholdStore {

	private final JdbcTemplate jdbc;

	ThresholdStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	ThresholdsView put(String model, @Nullable Double p95LatencyMs, @Nullable Double maxErrorRate,
			@Nullable Double minMeanConfidence, long minWindowCount) {
		return this.jdbc.queryForObject("""
				INSERT INTO metrics_thresholds (model, p95_latency_ms, max_error_rate, min_mean_confidence,
				    min_window_count, updated_at)
				VALUES (?, ?, ?, ?, ?, now())
				ON CONFLICT (model) DO UPDATE SET p95_latency_ms = EXCLUDED.p95_latency_ms,
				    max_error_rate = EXCLUDED.max_error_rate, min_mean_confidence = EXCLUDED.min_mean_confidence,
				    min_window_count = EXCLUDED.min_window_count, updated_at = EXCLUDED.updated_at
				RETURNING model, p95_latency_ms, max_error_rate, min_mean_confidence, min_window_count, updated_at
				""", ThresholdStore::row, model, p95LatencyMs, maxErrorRate, minMeanConfidence, minWindowCount);
	}

	List<ThresholdsView> all() {
		return this.jdbc.query("SELECT model, p95_latency_ms, max_error_rate, min_mean_confidence, min_window_count,"
				+ " updated_at FROM metrics_thresholds ORDER BY model", ThresholdStore::row);
	}

	private static ThresholdsView row(ResultSet rs, int rowNum) throws SQLException {
		return new ThresholdsView(rs.getString(1), rs.getObject(2, Double.class), rs.getObject(3, Double.class),
				rs.getObject(4, Double.class), rs.getLong(5), rs.getTimestamp(6).toInstant());
	}

	record ThresholdsView(String model, @Nullable Double p95LatencyMs, @Nullable Double maxErrorRate,
			@Nullable Double minMeanConfidence, long minWindowCount, Instant updatedAt) {
	}

}
