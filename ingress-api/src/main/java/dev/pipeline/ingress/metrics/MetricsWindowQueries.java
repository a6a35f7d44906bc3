package dev.pipeline.ingress.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.pipeline.ingress.replica.ReplicaReads;
import dev.pipeline.metrics.WindowRow;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Reads the window aggregates the metrics-aggregator keeps in {@code metrics_windows}, as
 * the shared {@link WindowRow}. Windows are streamed, a few hundred rows at a time
 * (PostgreSQL uses a cursor for a fetch size only inside a transaction), so a query over
 * a month holds one fetch of rows, not the month. They are read from the read replica
 * when there is one: metrics may lag by the replica's delay.
 */
@Repository
class MetricsWindowQueries {

	private static final int FETCH_SIZE = 500;

	private static final String WHERE = " FROM metrics_windows"
			+ " WHERE scope = ? AND account_id = ? AND window_start >= ? AND window_start < ?";

	private final ReplicaReads reads;

	MetricsWindowQueries(ReplicaReads reads) {
		this.reads = reads;
	}

	/** How many windows of a scope start in {@code [from, to)}. */
	long countWindows(MetricsScope scope, @Nullable String model, Instant from, Instant to) {
		List<Object> args = arguments(scope, model, from, to);
		Long count = this.reads.read((source) -> source.jdbcTemplate()
			.queryForObject("SELECT count(*)" + WHERE + modelClause(scope, model), Long.class, args.toArray()));
		return (count != null) ? count : 0;
	}

	/**
	 * Hands the windows of a scope whose start lies in {@code [from, to)} to
	 * {@code each}, oldest first.
	 */
	void forEach(MetricsScope scope, @Nullable String model, Instant from, Instant to, Consumer<WindowRow> each) {
		List<Object> args = arguments(scope, model, from, to);
		String sql = "SELECT " + WindowRow.COLUMNS + WHERE + modelClause(scope, model) + " ORDER BY window_start";
		this.reads.stream((source) -> source.readOnly()
			.executeWithoutResult((status) -> source.jdbcClient()
				.sql(sql)
				.params(args)
				.withFetchSize(FETCH_SIZE)
				.query((RowCallbackHandler) (rs) -> each.accept(WindowRow.read(rs)))));
	}

	/** Every result recorded in a scope (within the windows' retention). */
	long count(MetricsScope scope, @Nullable String model) {
		List<Object> args = new ArrayList<>(List.of(scope.scope(), scope.accountId()));
		addModel(args, scope, model);
		String sql = "SELECT coalesce(sum(result_count), 0) FROM metrics_windows WHERE scope = ? AND account_id = ?"
				+ modelClause(scope, model);
		Long count = this.reads.read((source) -> source.jdbcTemplate().queryForObject(sql, Long.class, args.toArray()));
		return (count != null) ? count : 0;
	}

	private static List<Object> arguments(MetricsScope scope, @Nullable String model, Instant from, Instant to) {
		List<Object> args = new ArrayList<>(
				List.of(scope.scope(), scope.accountId(), Timestamp.from(from), Timestamp.from(to)));
		addModel(args, scope, model);
		return args;
	}

	private static void addModel(List<Object> args, MetricsScope scope, @Nullable String model) {
		if (model != null) {
			args.add(model);
		}
		if (scope.modelVersion() != null) {
			args.add(scope.modelVersion());
		}
	}

	private static String modelClause(MetricsScope scope, @Nullable String model) {
		return ((model != null) ? " AND model = ?" : "")
				+ ((scope.modelVersion() != null) ? " AND model_version = ?" : "");
	}

}
