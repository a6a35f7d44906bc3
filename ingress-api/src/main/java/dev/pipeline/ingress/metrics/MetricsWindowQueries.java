package dev.pipeline.ingress.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the window aggregates the metrics-aggregator keeps in {@code metrics_windows}.
 * Windows are streamed, a few hundred rows at a time (PostgreSQL uses a cursor for a
 * fetch size only inside a transaction), so a query over a month holds one fetch of rows,
 * not the month.
 */
@Repository
class MetricsWindowQueries {

	private static final TypeReference<Map<String, Long>> LABELS = new TypeReference<>() {
	};

	private static final int FETCH_SIZE = 500;

	private static final String WHERE = " FROM metrics_windows"
			+ " WHERE scope = ? AND account_id = ? AND window_start >= ? AND window_start < ?";

	private final JdbcTemplate jdbc;

	private final JdbcTemplate streaming;

	private final TransactionTemplate readOnly;

	MetricsWindowQueries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.streaming = new JdbcTemplate(jdbc.getDataSource());
		this.streaming.setFetchSize(FETCH_SIZE);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/** How many windows of a scope start in {@code [from, to)}. */
	long countWindows(MetricsScope scope, @Nullable String model, Instant from, Instant to) {
		List<Object> args = arguments(scope, model, from, to);
		Long count = this.jdbc.queryForObject("SELECT count(*)" + WHERE + modelClause(model), Long.class,
				args.toArray());
		return (count != null) ? count : 0;
	}

	/**
	 * Hands the windows of a scope whose start lies in {@code [from, to)} to
	 * {@code each}, oldest first.
	 */
	void forEach(MetricsScope scope, @Nullable String model, Instant from, Instant to, Consumer<WindowRow> each) {
		List<Object> args = arguments(scope, model, from, to);
		String sql = "SELECT model, model_version, window_start, window_end, result_count, succeeded, failed,"
				+ " expired, latency_histogram, batch_size_sum, batch_size_count, confidence_sum, confidence_count,"
				+ " low_confidence_count, label_counts::text" + WHERE + modelClause(model) + " ORDER BY window_start";
		this.readOnly.executeWithoutResult((status) -> this.streaming.query(sql,
				(RowCallbackHandler) (rs) -> each.accept(row(rs)), args.toArray()));
	}

	/** Every result recorded in a scope (within the windows' retention). */
	long count(MetricsScope scope, @Nullable String model) {
		String sql = "SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = ? AND account_id = ?";
		Long count = (model != null)
				? this.jdbc.queryForObject(sql + " AND model = ?", Long.class, scope.scope(), scope.accountId(), model)
				: this.jdbc.queryForObject(sql, Long.class, scope.scope(), scope.accountId());
		return (count != null) ? count : 0;
	}

	private static List<Object> arguments(MetricsScope scope, @Nullable String model, Instant from, Instant to) {
		List<Object> args = new ArrayList<>(
				List.of(scope.scope(), scope.accountId(), Timestamp.from(from), Timestamp.from(to)));
		if (model != null) {
			args.add(model);
		}
		return args;
	}

	private static String modelClause(@Nullable String model) {
		return (model != null) ? " AND model = ?" : "";
	}

	private static WindowRow row(ResultSet rs) throws SQLException {
		return new WindowRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
				rs.getTimestamp(4).toInstant(), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
				rs.getBytes(9), rs.getLong(10), rs.getLong(11), rs.getDouble(12), rs.getLong(13), rs.getLong(14),
				PipelineJson.mapper().readValue(rs.getString(15), LABELS));
	}

}
