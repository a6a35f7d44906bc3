package dev.pipeline.analyst.snapshot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.metrics.MergedWindows;
import dev.pipeline.metrics.WindowRow;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads snapshots from the metrics-aggregator's tables (V3_1, docs/metrics.md). Windows
 * are read and merged with the shared {@link WindowRow} and {@link MergedWindows}
 * (histograms merged, never percentiles averaged). All traffic reads the {@code MODEL}
 * scope (every version), one account's traffic the {@code ACCOUNT} scope; the two are
 * never added together.
 */
@Component
class JdbcMetricsSnapshotReader implements MetricsSnapshotReader {

	private static final int MAX_ALERTS = 50;

	private final JdbcClient jdbc;

	JdbcMetricsSnapshotReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public MetricsSnapshot read(String model, AnalysisWindow window, @Nullable String accountId, Instant end) {
		Instant from = end.minus(window.duration());
		Instant previousFrom = from.minus(window.duration());
		List<WindowRow> rows = windows(model, accountId, previousFrom, end);
		WindowStats current = stats(rows.stream().filter((row) -> !row.windowStart().isBefore(from)).toList());
		WindowStats previous = stats(rows.stream().filter((row) -> row.windowStart().isBefore(from)).toList());
		return new MetricsSnapshot(model, window.canonical(), accountId == null ? "*" : accountId, from, end, current,
				previous, thresholds(model), alerts(model, from, end));
	}

	private List<WindowRow> windows(String model, @Nullable String accountId, Instant from, Instant to) {
		String sql = "SELECT " + WindowRow.COLUMNS + """
				 FROM metrics_windows
				WHERE scope = :scope AND account_id = :account AND model = :model
				  AND window_start >= :from AND window_start < :to
				""";
		return this.jdbc.sql(sql)
			.param("scope", accountId == null ? "MODEL" : "ACCOUNT")
			.param("account", accountId == null ? "*" : accountId)
			.param("model", model)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, rowNum) -> WindowRow.read(rs))
			.list();
	}

	private Thresholds thresholds(String model) {
		return this.jdbc.sql("""
				SELECT p95_latency_ms, max_error_rate, min_mean_confidence
				FROM metrics_thresholds WHERE model = :model
				""")
			.param("model", model)
			.query((rs, rowNum) -> new Thresholds(nullableDouble(rs, "p95_latency_ms"),
					nullableDouble(rs, "max_error_rate"), nullableDouble(rs, "min_mean_confidence")))
			.optional()
			.orElse(Thresholds.NONE);
	}

	private List<RaisedAlert> alerts(String model, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT metric, model_version, threshold, observed, window_start, window_end
				FROM metrics_alerts
				WHERE model = :model AND window_start >= :from AND window_start < :to
				ORDER BY window_start DESC, metric, model_version
				LIMIT :limit
				""")
			.param("model", model)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.param("limit", MAX_ALERTS)
			.query((rs, rowNum) -> new RaisedAlert(rs.getString("metric"), rs.getString("model_version"),
					rs.getDouble("threshold"), rs.getDouble("observed"), rs.getTimestamp("window_start").toInstant(),
					rs.getTimestamp("window_end").toInstant()))
			.list();
	}

	private static WindowStats stats(List<WindowRow> rows) {
		if (rows.isEmpty()) {
			return WindowStats.EMPTY;
		}
		MergedWindows merged = MergedWindows.of(rows);
		return new WindowStats(merged.count(), merged.succeeded(), merged.failed(), merged.expired(),
				merged.latencyMs(50), merged.latencyMs(95), merged.latencyMs(99), merged.maxLatencyMs(),
				merged.meanConfidence(), merged.lowConfidenceCount(), merged.labelCounts());
	}

	private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

}
