package dev.pipeline.ingress.job;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Gives every job a final state. A job still without a result once its deadline and
 * {@code ingress.jobs.expiry-grace} have passed was lost (a request dead-lettered by the
 * worker gets no result; a worker or a broker lost it; Kafka never took it): the reaper
 * answers it EXPIRED with the reason ({@link JobStore.Expiry}), for good. Runs every
 * {@code ingress.jobs.reaper-interval} on every instance; the jobs of one pass are locked
 * with {@code SKIP LOCKED}, so instances share the work.
 */
@Component
class JobReaper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(JobReaper.class);

	static final int BATCH = 500;

	private final JobStore store;

	private final JobProperties properties;

	private final Clock clock;

	@Autowired
	JobReaper(JobStore store, JobProperties properties) {
		this(store, properties, Clock.systemUTC());
	}

	JobReaper(JobStore store, JobProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::reapQuietly, this.properties.reaperInterval());
	}

	/**
	 * Settles every job due now, batch by batch.
	 * @return how many jobs were settled (with or without a result)
	 */
	int reap() {
		Instant now = this.clock.instant();
		Instant cutoff = now.minus(this.properties.expiryGrace());
		int settled = 0;
		int batch;
		do {
			batch = this.store.settle(now, cutoff, BATCH);
			settled += batch;
		}
		while (batch == BATCH);
		return settled;
	}

	private void reapQuietly() {
		try {
			int settled = reap();
			if (settled > 0) {
				log.debug("Settled {} jobs past their deadline", settled);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not settle jobs past their deadline: {}", ex.getMessage());
		}
	}

}
