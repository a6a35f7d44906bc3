package dev.pipeline.ingress.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the window aggregates the metrics-aggregator keeps in {@code metrics_windows}. */
@Repository
class MetricsWindowQueries {

	private static final TypeReference<Map<String, Long>> LABELS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	MetricsWindowQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The windows of a scope whose start lies in {@code [from, to)}, oldest first. */
	List<WindowRow> find(MetricsScope scope, @Nullable String model, Instant from, Instant to) {
		List<Object> args = new ArrayList<>(List.of(scope.scope(), scope.accountId(), Timestamp.from(from),
				Timestamp.from(to)));
		String sql = "SELECT model, model_version, window_start, window_end, result_count, succeeded, failed,"
				+ " expired, latency_histogram, batch_size_sum, batch_size_count, confidence_sum, confidence_count,"
				+ " low_confidence_count, label_counts::text FROM metrics_windows"
				+ " WHERE scope = ? AND account_id = ? AND window_start >= ? AND window_start < ?";
		if (model != null) {
			sql += " AND model = ?";
			args.add(model);
		}
		return this.jdbc.query(sql + " ORDER BY window_start", MetricsWindowQueries::row, args.toArray());
	}

	/** Every result recorded in a scope (within the windows' retention). */
	long count(MetricsScope scope, @Nullable String model) {
		String sql = "SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = ? AND account_id = ?";
		Long count = (model != null)
				? this.jdbc.queryForObject(sql + " AND model = ?", Long.class, scope.scope(), scope.accountId(), model)
				: this.jdbc.queryForObject(sql, Long.class, scope.scope(), scope.accountId());
		return (count != null) ? count : 0;
	}

	private static WindowRow row(ResultSet rs, int rowNum) throws SQLException {
		return new WindowRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
				rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
				rs.getBytes(9), rs.getLong(10), rs.getLong(11), rs.getDouble(12), rs.getLong(13), rs.getLong(14),
				PipelineJson.mapper().readValue(rs.getString(15), LABELS));
	}

}
