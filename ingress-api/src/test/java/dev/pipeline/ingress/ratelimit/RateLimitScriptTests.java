package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.pipeline.ingress.IngressIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rate-limit-gcra.lua} against the real Redis: the state it keeps is exact. */
class RateLimitScriptTests extends IngressIntegrationTest {

	@Autowired
	RateLimiter limiter;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void shouldKeepTheTheoreticalArrivalTimeToTheMicrosecond() {
		String key = "test:odd:" + UUID.randomUUID();
		// 7 per minute: one slot every 8571428 us (the interval is rounded down to a
		// whole microsecond).
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("odd", key, 7, Duration.ofMinutes(1)));

		this.limiter.acquire(policies);
		String first = this.redis.opsForValue().get(RateLimiter.KEY_PREFIX + key);
		RateLimitDecision second = this.limiter.acquire(policies);
		String then = this.redis.opsForValue().get(RateLimiter.KEY_PREFIX + key);

		assertThat(second.allowed()).isTrue();
		assertThat(second.local()).isFalse();
		// Whole microseconds since the epoch, written out in full (not as
		// 1.7654321234568e+15).
		assertThat(first).matches("[1-9][0-9]{15}");
		assertThat(then).matches("[1-9][0-9]{15}");
		assertThat(Long.parseLong(then) - Long.parseLong(first)).isEqualTo(8_571_428);
		assertThat(second.states().get(0).remaining()).isEqualTo(5);
	}

	@Test
	void shouldAdmitABurstOfExactlyTheLimitWhenTheWindowDoesNotDivideEvenly() {
		String key = "test:burst:" + UUID.randomUUID();
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("odd", key, 7, Duration.ofMinutes(1)));

		List<Boolean> admitted = java.util.stream.IntStream.range(0, 8)
			.mapToObj(i -> this.limiter.acquire(policies).allowed())
			.toList();

		assertThat(admitted).containsExactly(true, true, true, true, true, true, true, false);
	}

}
