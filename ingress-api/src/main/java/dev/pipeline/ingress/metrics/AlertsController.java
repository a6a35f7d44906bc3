package dev.pipeline.ingress.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Threshold breaches recorded by the aggregator ({@code metrics_alerts}), newest first. An
 * alert concerns a model as a whole, not an account's traffic, so every caller may read them.
 */
@RestController
class AlertsController {

	private final JdbcTemplate jdbc;

	private final MetricsApiSettings settings;

	AlertsController(JdbcTemplate jdbc, MetricsApiSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	@GetMapping("/v1/alerts")
	Alerts alerts(@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable Integer limit) {
		Instant from = QueryParameters.instant("since", since);
		Instant start = (from != null) ? from : Clock.systemUTC().instant().minus(this.settings.defaultAlertsSince());
		if (limit != null && (limit < 1 || limit > this.settings.maxAlerts())) {
			throw QueryParameters.invalidParameter("limit",
					"limit must be between 1 and " + this.settings.maxAlerts() + ".");
		}
		int rows = (limit != null) ? limit : this.settings.maxAlerts();
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(start)));
		String sql = "SELECT id, model, model_version, metric, threshold, observed, window_start, window_end,"
				+ " raised_at FROM metrics_alerts WHERE raised_at >= ?";
		if (model != null && !model.isBlank()) {
			sql += " AND model = ?";
			args.add(model.trim());
		}
		args.add(rows);
		List<AlertView> alerts = this.jdbc.query(sql + " ORDER BY raised_at DESC, window_start DESC, id LIMIT ?",
				AlertsController::row, args.toArray());
		return new Alerts(start, alerts);
	}

	private static AlertView row(ResultSet rs, int rowNum) throws SQLException {
		return new AlertView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
				rs.getDouble(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
				rs.getTimestamp(9).toInstant());
	}

	record Alerts(Instant since, List<AlertView> alerts) {
	}

	/** @param metric {@code p95LatencyMs}, {@code errorRate} or {@code meanConfidence} */
	record AlertView(String id, String model, String modelVersion, String metric, double threshold, double observed,
			Instant windowStart, Instant windowEnd, Instant raisedAt) {
	}

}
