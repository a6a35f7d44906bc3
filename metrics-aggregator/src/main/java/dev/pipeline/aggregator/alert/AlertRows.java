package dev.pipeline.aggregator.alert;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.pipeline.aggregator.system.RowByRowFallback;
import dev.pipeline.aggregator.system.Written;
import dev.pipeline.contracts.Alert;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code metrics_alerts} table. An alert seen again (same id, or same model, version,
 * metric and window) is ignored, so a replayed alert stays one row.
 */
@Repository
public class AlertRows {

	private static final String INSERT = """
			INSERT INTO metrics_alerts (id, model, model_version, metric, threshold, observed, window_start,
			    window_end, raised_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING
			""";

	private final JdbcTemplate jdbc;

	public AlertRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a batch in one JDBC batch; an alert PostgreSQL refuses is left out, with
	 * the reason.
	 */
	public Written<Alert> insert(Collection<Alert> alerts) {
		List<Alert> rows = List.copyOf(alerts);
		Map<Alert, String> refused = RowByRowFallback.write(rows,
				batch -> this.jdbc.batchUpdate(INSERT, batch, batch.size(), AlertRows::bind));
		return new Written<>(rows.size() - refused.size(), refused);
	}

	private static void bind(PreparedStatement statement, Alert alert) throws SQLException {
		statement.setString(1, alert.id());
		statement.setString(2, alert.model());
		statement.setString(3, (alert.modelVersion() != null) ? alert.modelVersion() : "unknown");
		statement.setString(4, alert.metric());
		statement.setDouble(5, alert.threshold());
		statement.setDouble(6, alert.observed());
		statement.setObject(7, alert.windowStart().atOffset(ZoneOffset.UTC));
		statement.setObject(8, alert.windowEnd().atOffset(ZoneOffset.UTC));
		statement.setObject(9, alert.raisedAt().atOffset(ZoneOffset.UTC));
	}

}
