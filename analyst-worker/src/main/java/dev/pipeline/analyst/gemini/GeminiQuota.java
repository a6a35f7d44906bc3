package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The global Gemini quota shared by every analyst instance: at most {@code quotaCalls}
 * upstream calls in any sliding {@code quotaWindow}. One Lua script decides and records
 * atomically, on Redis' own clock (no skew between instances), keeping a sorted set of
 * call timestamps: an exact sliding log, not a fixed-window approximation, so no burst of
 * twice the limit across a window boundary.
 */
@Component
public class GeminiQuota {

	private final StringRedisTemplate redis;

	private final GeminiProperties properties;

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> script = RedisScript.of(new ClassPathResource("redis/gemini-quota.lua"),
			List.class);

	GeminiQuota(StringRedisTemplate redis, GeminiProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	/** Takes one call from the quota if one is left. */
	public Decision tryAcquire() {
		List<?> result = this.redis.execute(this.script, List.of(this.properties.quotaKey()),
				String.valueOf(this.properties.quotaWindow().toMillis()), String.valueOf(this.properties.quotaCalls()),
				UUID.randomUUID().toString());
		boolean granted = ((Number) result.get(0)).longValue() == 1;
		long remaining = ((Number) result.get(1)).longValue();
		Duration retryAfter = Duration.ofMillis(Math.max(0, ((Number) result.get(2)).longValue()));
		return new Decision(granted, remaining, retryAfter);
	}

	/**
	 * @param remaining calls left in the window after this decision
	 * @param retryAfter when denied, how long until the oldest call leaves the window
	 */
	public record Decision(boolean granted, long remaining, Duration retryAfter) {
	}

}
