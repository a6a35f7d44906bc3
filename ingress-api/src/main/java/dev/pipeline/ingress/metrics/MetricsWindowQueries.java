package dev.pipeline.ingress.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.pipeline.metrics.WindowRow;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the window aggregates the metrics-aggregator keeps in {@code metrics_windows}, as
 * the shared {@link WindowRow}. Windows are streamed, a few hundred rows at a time
 * (PostgreSQL uses a cursor for a fetch size only inside a transaction), so a query over
 * a month holds one fetch of rows, not the month.
 */
@Repository
class MetricsWindowQueries {

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
		String sql = "SELECT " + WindowRow.COLUMNS + WHERE + modelClause(model) + " ORDER BY window_start";
		this.readOnly.executeWithoutResult((status) -> this.streaming.query(sql,
				(RowCallbackHandler) (rs) -> each.accept(WindowRow.read(rs)), args.toArray()));
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

}
