package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalRateLimiterTests {

	private final LocalRateLimiter limiter = new LocalRateLimiter();

	@Test
	void shouldAdmitABurstOfTheLimitThenRefuseWithTheTimeToTheNextSlot() {
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("per-account", "a", 4, Duration.ofMinutes(1)));

		List<Long> remaining = java.util.stream.IntStream.range(0, 4)
			.mapToObj(i -> this.limiter.acquire(policies))
			.map(decision -> decision.states().get(0).remaining())
			.toList();
		RateLimitDecision refused = this.limiter.acquire(policies);

		assertThat(remaining).containsExactly(3L, 2L, 1L, 0L);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.local()).isTrue();
		// One request per 15 s comes back.
		assertThat(refused.retryAfterSeconds()).isBetween(14L, 15L);
		assertThat(refused.states().get(0).resetSeconds()).isBetween(59L, 60L);
	}

	@Test
	void shouldConsumeNothingWhenAnyPolicyRefuses() {
		RateLimitPolicy tight = new RateLimitPolicy("tight", "t", 1, Duration.ofMinutes(1));
		RateLimitPolicy loose = new RateLimitPolicy("loose", "l", 10, Duration.ofMinutes(1));

		this.limiter.acquire(List.of(tight, loose));
		RateLimitDecision refused = this.limiter.acquire(List.of(tight, loose));

		assertThat(refused.allowed()).isFalse();
		assertThat(refused.states().get(1).remaining()).isEqualTo(9);
	}

}
