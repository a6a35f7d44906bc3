package dev.pipeline.ingress.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers when each key was last used and writes it to {@code api_keys.last_used_at} in
 * one batch every {@code accounts.last-used-flush-interval}, so a request never waits for
 * that write. A crash loses at most one interval of last-use times, which are
 * informational.
 */
@Component
class KeyUsageRecorder {

	private static final Logger log = LoggerFactory.getLogger(KeyUsageRecorder.class);

	private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

	private final ApiKeyRepository keys;

	KeyUsageRecorder(ApiKeyRepository keys) {
		this.keys = keys;
	}

	void used(String keyId) {
		this.pending.put(keyId, Instant.now());
	}

	@Scheduled(fixedDelayString = "${accounts.last-used-flush-interval:10s}")
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
