package dev.pipeline.aggregator.result;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.pipeline.aggregator.AggregatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps PostgreSQL within the configured retention: per-request results and jobs (default
 * 24 h), window aggregates and their alerts (default 30 days). Several aggregator
 * instances may run it at once; the deletes are idempotent.
 */
@Component
class RetentionPurge implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(RetentionPurge.class);

	private final JdbcTemplate jdbc;

	private final AggregatorProperties.Retention retention;

	private final Clock clock;

	RetentionPurge(JdbcTemplate jdbc, AggregatorProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.retention = properties.retention();
		this.clock = clock;
	}

	/** The first purge one interval after start, then one per interval. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.retention.purgeInterval();
		registrar.addFixedDelayTask(new FixedDelayTask(this::purge, interval, interval));
	}

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
