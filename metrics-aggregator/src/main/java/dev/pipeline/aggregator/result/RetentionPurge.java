package dev.pipeline.aggregator.result;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import dev.pipeline.aggregator.AggregatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL within the configured retention: per-request results and jobs (default
 * 24 h), window aggregates and their alerts (default 30 days). Several aggregator
 * instances may run it at once; the deletes are idempotent.
 */
@Component
class RetentionPurge {

	private static final Logger logger = LoggerFactory.getLogger(RetentionPurge.class);

	private final JdbcTemplate jdbc;

	private final AggregatorSettings.Retention retention;

	private final Clock clock;

	RetentionPurge(JdbcTemplate jdbc, AggregatorSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.retention = settings.retention();
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "${aggregator.retention.purge-interval:10m}",
			fixedDelayString = "${aggregator.retention.purge-interval:10m}")
	void purge() {
		Instant now = this.clock.instant();
		Timestamp resultsCutoff = Timestamp.from(now.minus(this.retention.results()));
		int results = this.jdbc.update("DELETE FROM inference_results WHERE completed_at < ?", resultsCutoff);
		int jobs = this.jdbc.update("DELETE FROM inference_jobs WHERE submitted_at < ?", resultsCutoff);
		Timestamp windowsCutoff = Timestamp.from(now.minus(this.retention.windows()));
		int windows = this.jdbc.update("DELETE FROM metrics_windows WHERE window_end < ?", windowsCutoff);
		int alerts = this.jdbc.update("DELETE FROM metrics_alerts WHERE window_end < ?", windowsCutoff);
		if (results + jobs + windows + alerts > 0) {
			logger.info("Purged {} results, {} jobs, {} metric windows and {} alerts past retention", results, jobs,
					windows, alerts);
		}
	}

}
