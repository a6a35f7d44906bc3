package dev.pipeline.aggregator.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.pipeline.aggregator.AggregatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The thresholds in force, reloaded from {@code metrics_thresholds} every
 * {@code aggregator.thresholds.reload-interval}, so a {@code PUT /v1/metrics/thresholds}
 * on the ingress takes effect without a restart. The stream thread reads an immutable
 * snapshot; it never waits for the database.
 */
@Component
public class ThresholdBook implements Function<String, Optional<Thresholds>>, SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(ThresholdBook.class);

	private final JdbcTemplate jdbc;

	private final AtomicReference<Map<String, Thresholds>> current = new AtomicReference<>(Map.of());

	private final Duration reloadInterval;

	public ThresholdBook(JdbcTemplate jdbc, AggregatorProperties properties) {
		this.jdbc = jdbc;
		this.reloadInterval = properties.thresholds().reloadInterval();
	}

	@Override
	public Optional<Thresholds> apply(String model) {
		return Optional.ofNullable(this.current.get().get(model));
	}

	/** Loads the thresholds at once, then every reload interval. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::reload, this.reloadInterval, Duration.ZERO));
	}

	void reload() {
		try {
			Map<String, Thresholds> loaded = this.jdbc
				.query("SELECT model, p95_latency_ms, max_error_rate, min_mean_confidence, min_window_count"
						+ " FROM metrics_thresholds",
						(rs, row) -> new Thresholds(rs.getString(1), rs.getObject(2, Double.class),
								rs.getObject(3, Double.class), rs.getObject(4, Double.class), rs.getLong(5)))
				.stream()
				.collect(Collectors.toUnmodifiableMap(Thresholds::model, Function.identity()));
			if (!loaded.equals(this.current.getAndSet(loaded))) {
				logger.info("Thresholds now in force for models {}", loaded.keySet());
			}
		}
		catch (DataAccessException ex) {
			// Keep the last known thresholds; the next reload tries again.
			logger.warn("Could not reload thresholds: {}", ex.getMessage());
		}
	}

}
