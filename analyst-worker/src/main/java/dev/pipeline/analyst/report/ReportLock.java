package dev.pipeline.analyst.report;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The lock that lets one instance compute a report while the others wait. Taken with
 * {@code SET key token NX PX ttl}, so it expires on its own when its holder dies;
 * released with a compare-and-delete script, so a holder that overran its TTL cannot
 * delete the lock a successor has taken since.
 */
@Component
class ReportLock {

	private static final String PREFIX = "analysis:lock:";

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	ReportLock(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * @return the token proving ownership, or empty when another holder has the lock
	 */
	Optional<String> tryAcquire(String hash, Duration ttl) {
		String token = UUID.randomUUID().toString();
		Boolean taken = this.redis.opsForValue().setIfAbsent(PREFIX + hash, token, ttl);
		return Boolean.TRUE.equals(taken) ? Optional.of(token) : Optional.empty();
	}

	/**
	 * @return whether this token still held the lock
	 */
	boolean release(String hash, String token) {
		Long deleted = this.redis.execute(RELEASE, List.of(PREFIX + hash), token);
		return deleted != null && deleted == 1;
	}

	/** Time until the lock expires on its own; zero when there is no lock. */
	Duration remaining(String hash) {
		Long millis = this.redis.getExpire(PREFIX + hash, TimeUnit.MILLISECONDS);
		return (millis == null || millis < 0) ? Duration.ZERO : Duration.ofMillis(millis);
	}

}
