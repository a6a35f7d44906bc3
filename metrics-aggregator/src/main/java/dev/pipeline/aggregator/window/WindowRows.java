package dev.pipeline.aggregator.window;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.aggregator.system.RowByRowFallback;
import dev.pipeline.aggregator.system.Written;
import dev.pipeline.metrics.LatencyHistogram;
import dev.pipeline.metrics.WindowRow;
import org.HdrHistogram.Histogram;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code metrics_windows} table, in the shared row format ({@link WindowRow}). An
 * update REPLACES the row with the window's current value, so writing the same update
 * twice (a replay, a redelivered batch) changes nothing; an update older than the row
 * (fewer results) is ignored, so a replay cannot move a row back.
 */
@Repository
public class WindowRows {

	private static final String UPSERT = """
			INSERT INTO metrics_windows (scope, account_id, model, model_version, window_start, window_end,
			    result_count, succeeded, failed, expired, latency_histogram, latency_p50_ms, latency_p95_ms,
			    latency_p99_ms, latency_max_ms, batch_size_sum, batch_size_count, confidence_sum, confidence_count,
			    low_confidence_count, label_counts, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, now())
			ON CONFLICT (scope, account_id, model, model_version, window_start) DO UPDATE SET
			    window_end = EXCLUDED.window_end, result_count = EXCLUDED.result_count,
			    succeeded = EXCLUDED.succeeded, failed = EXCLUDED.failed, expired = EXCLUDED.expired,
			    latency_histogram = EXCLUDED.latency_histogram, latency_p50_ms = EXCLUDED.latency_p50_ms,
			    latency_p95_ms = EXCLUDED.latency_p95_ms, latency_p99_ms = EXCLUDED.latency_p99_ms,
			    latency_max_ms = EXCLUDED.latency_max_ms, batch_size_sum = EXCLUDED.batch_size_sum,
			    batch_size_count = EXCLUDED.batch_size_count, confidence_sum = EXCLUDED.confidence_sum,
			    confidence_count = EXCLUDED.confidence_count, low_confidence_count = EXCLUDED.low_confidence_count,
			    label_counts = EXCLUDED.label_counts, updated_at = EXCLUDED.updated_at
			WHERE metrics_windows.result_count <= EXCLUDED.result_count
			""";

	private final JdbcTemplate jdbc;

	public WindowRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes a batch of updates in one JDBC batch, keeping only the most advanced update
	 * of each window (a rewritten multi-row statement may not touch a row twice).
	 */
	public Written<WindowUpdate> upsert(Collection<WindowUpdate> updates) {
		Map<String, WindowUpdate> latest = new LinkedHashMap<>();
		for (WindowUpdate update : updates) {
			String id = update.key().asText() + "|" + update.windowStart().toEpochMilli();
			latest.merge(id, update,
					(known, next) -> (next.aggregate().count() >= known.aggregate().count()) ? next : known);
		}
		Map<WindowUpdate, String> refused = RowByRowFallback.write(List.copyOf(latest.values()),
				rows -> this.jdbc.batchUpdate(UPSERT, rows, rows.size(), WindowRows::bind));
		return new Written<>(latest.size() - refused.size(), refused);
	}

	private static void bind(PreparedStatement statement, WindowUpdate update) throws SQLException {
		Histogram latency = update.aggregate().latency();
		WindowRow row = update.row(latency);
		statement.setString(1, row.scope());
		statement.setString(2, row.accountId());
		statement.setString(3, row.model());
		statement.setString(4, row.modelVersion());
		statement.setObject(5, row.windowStart().atOffset(ZoneOffset.UTC));
		statement.setObject(6, row.windowEnd().atOffset(ZoneOffset.UTC));
		statement.setLong(7, row.count());
		statement.setLong(8, row.succeeded());
		statement.setLong(9, row.failed());
		statement.setLong(10, row.expired());
		statement.setBytes(11, row.latencyHistogram());
		// This row's own percentiles, for a glance at the table; readers merge
		// histograms.
		statement.setObject(12, LatencyHistogram.percentileMs(latency, 50));
		statement.setObject(13, LatencyHistogram.percentileMs(latency, 95));
		statement.setObject(14, LatencyHistogram.percentileMs(latency, 99));
		statement.setObject(15, LatencyHistogram.maxMs(latency));
		statement.setLong(16, row.batchSizeSum());
		statement.setLong(17, row.batchSizeCount());
		statement.setDouble(18, row.confidenceSum());
		statement.setLong(19, row.confidenceCount());
		statement.setLong(20, row.lowConfidenceCount());
		statement.setString(21, row.labelCountsJson());
	}

}
