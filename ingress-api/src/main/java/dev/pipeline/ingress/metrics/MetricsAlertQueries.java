package dev.pipeline.ingress.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.ingress.replica.ReplicaReads;
import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;

/**
 * Reads the alerts the metrics-aggregator records in {@code metrics_alerts}, from the
 * read replica when there is one.
 */
@Repository
class MetricsAlertQueries {

	private final ReplicaReads reads;

	MetricsAlertQueries(ReplicaReads reads) {
		this.reads = reads;
	}

	/**
	 * One page of the alerts raised since the given instant, newest first (keyset on
	 * {@code (raised_at, id)}, indexes of schema V17_1).
	 */
	List<AlertView> since(Instant since, @Nullable String model, PageRequest page) {
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(since)));
		String sql = "SELECT id, model, model_version, metric, threshold, observed, window_start, window_end,"
				+ " raised_at FROM metrics_alerts WHERE raised_at >= ?";
		if (model != null) {
			sql += " AND model = ?";
			args.add(model);
		}
		PageCursor after = page.after();
		if (after != null) {
			sql += " AND (raised_at, id) < (?, ?)";
			args.add(Timestamp.from(after.at()));
			args.add(after.id());
		}
		args.add(page.rowsToRead());
		String query = sql + " ORDER BY raised_at DESC, id DESC LIMIT ?";
		return this.reads
			.read((source) -> source.jdbcTemplate().query(query, MetricsAlertQueries::row, args.toArray()));
	}

	/** The sort key of an alert in {@link #since}. */
	static PageCursor key(AlertView alert) {
		return new PageCursor(alert.raisedAt(), alert.id());
	}

	private static AlertView row(ResultSet rs, int rowNum) throws SQLException {
		return new AlertView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
				rs.getDouble(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
				rs.getTimestamp(9).toInstant());
	}

	/**
	 * @param metric {@code p95LatencyMs}, {@code errorRate} or {@code meanConfidence}
	 */
	record AlertView(String id, String model, String modelVersion, String metric, double threshold, double observed,
			Instant windowStart, Instant windowEnd, Instant raisedAt) {
	}

}
