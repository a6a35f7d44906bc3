package dev.pipeline.ingress.account;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Remembers when each key was last used and writes it to {@code api_keys.last_used_at} in
 * one batch every {@code ingress.accounts.last-used-flush-interval}, so a request never
 * waits for that write. A crash loses at most one interval of last-use times, which are
 * informational.
 */
@Component
class KeyUsageRecorder implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(KeyUsageRecorder.class);

	private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

	private final ApiKeyRepository keys;

	private final Duration flushInterval;

	KeyUsageRecorder(ApiKeyRepository keys, AccountsProperties properties) {
		this.keys = keys;
		this.flushInterval = properties.lastUsedFlushInterval();
	}

	/** Flushes every {@code ingress.accounts.last-used-flush-interval}. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::flush, this.flushInterval);
	}

	void used(String keyId) {
		this.pending.put(keyId, Instant.now());
	}

	void flush() {
		if (this.pending.isEmpty()) {
			return;
		}
		Map<String, Instant> batch = new HashMap<>();
		for (String keyId : this.pending.keySet()) {
			Instant at = this.pending.remove(keyId);
			if (at != null) {
				batch.put(keyId, at);
			}
		}
		try {
			this.keys.touch(batch);
		}
		catch (DataAccessException ex) {
			log.warn("Could not record last use of {} API keys: {}", batch.size(), ex.getMessage());
			batch.forEach(this.pending::putIfAbsent);
		}
	}

}
