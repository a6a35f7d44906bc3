package dev.pipeline.ingress.redis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A small circuit breaker in front of Redis for the per-request decisions (rate limits,
 * quota). After a failure the callers use their fallbacks without trying Redis for
 * {@code ingress.redis-fallback.retry-interval}, so an outage costs one timeout per
 * interval instead of one per request; warnings are logged at most once per
 * {@code ingress.redis-fallback.warn-interval}.
 */
@Component
public class RedisAvailability {

	private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);

	private final long retryIntervalNanos;

	private final long warnIntervalNanos;

	private static final AtomicLongFieldUpdater<RedisAvailability> RETRY_AT = AtomicLongFieldUpdater
		.newUpdater(RedisAvailability.class, "retryAtNanos");

	private volatile long retryAtNanos = System.nanoTime();

	private volatile boolean down;

	private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	public RedisAvailability(RedisFallbackProperties properties) {
		this.retryIntervalNanos = properties.retryInterval().toNanos();
		this.warnIntervalNanos = properties.warnInterval().toNanos();
	}

	/**
	 * Whether to ask Redis now, or stay on the fallback. While Redis is down, once per
	 * retry interval a single caller is let through as a probe; everyone else keeps to
	 * the fallback until the probe has succeeded.
	 */
	public boolean shouldTry() {
		if (!this.down) {
			return true;
		}
		long now = System.nanoTime();
		long retryAt = this.retryAtNanos;
		return now - retryAt >= 0 && RETRY_AT.compareAndSet(this, retryAt, now + this.retryIntervalNanos);
	}

	public boolean isDown() {
		return this.down;
	}

	public void failed(String what, RuntimeException ex) {
		long now = System.nanoTime();
		this.retryAtNanos = now + this.retryIntervalNanos;
		this.down = true;
		long last = this.lastWarnNanos.get();
		if (now - last >= this.warnIntervalNanos && this.lastWarnNanos.compareAndSet(last, now)) {
			log.warn("Redis unreachable for {} ({}); deciding on this instance alone for the next {} ms", what,
					ex.getMessage(), this.retryIntervalNanos / 1_000_000);
		}
	}

	public void succeeded() {
		if (this.down) {
			this.down = false;
			log.info("Redis reachable again; rate limits and quotas are shared across instances again");
		}
	}

}
