package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback limiter on a clock the test moves. {@link System#nanoTime()} has an
 * arbitrary origin: it may be near zero, huge, negative, and it may wrap, so every test
 * runs from such origins too.
 */
class LocalRateLimiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong nanos = new AtomicLong();

	private final LocalRateLimiter limiter = new LocalRateLimiter(this.nanos::get);

	@Test
	void shouldAdmitABurstOfTheLimitThenRefuseWithTheTimeToTheNextSlot() {
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("per-account", "a", 4, Duration.ofMinutes(1)));

		List<Long> remaining = IntStream.range(0, 4)
			.mapToObj(i -> this.limiter.acquire(policies))
			.map(decision -> decision.states().get(0).remaining())
			.toList();
		RateLimitDecision refused = this.limiter.acquire(policies);

		assertThat(remaining).containsExactly(3L, 2L, 1L, 0L);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.local()).isTrue();
		// One request per 15 s comes back.
		assertThat(refused.retryAfterSeconds()).isEqualTo(15);
		assertThat(refused.states().get(0).resetSeconds()).isEqualTo(60);
	}

	/**
	 * 274847710416343 ns (76 h of uptime) is one origin where float microseconds refused
	 * the first request.
	 */
	@ParameterizedTest
	@ValueSource(longs = { 0, 274_847_710_416_343L, Long.MAX_VALUE / 2, -Long.MAX_VALUE / 2, Long.MAX_VALUE - 1,
			Long.MIN_VALUE + 1 })
	void shouldConsumeNothingWhenAnyPolicyRefuses(long origin) {
		this.nanos.set(origin);
		RateLimitPolicy tight = new RateLimitPolicy("tight", "t", 1, Duration.ofMinutes(1));
		RateLimitPolicy loose = new RateLimitPolicy("loose", "l", 10, Duration.ofMinutes(1));

		RateLimitDecision first = this.limiter.acquire(List.of(tight, loose));
		RateLimitDecision refused = this.limiter.acquire(List.of(tight, loose));

		assertThat(first.allowed()).isTrue();
		assertThat(first.states().get(0).remaining()).isZero();
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfterSeconds()).isEqualTo(60);
		assertThat(refused.states().get(1).remaining()).isEqualTo(9);
	}

	@ParameterizedTest
	@ValueSource(longs = { 0, Long.MAX_VALUE / 2, -Long.MAX_VALUE / 2 })
	void shouldAdmitOneMoreExactlyWhenItsSlotComes(long origin) {
		this.nanos.set(origin);
		// 7 per minute: a slot every 8.571428571 s (whole nanoseconds, rounded down), not
		// shifted by rounding.
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("odd", "o", 7, Duration.ofMinutes(1)));
		IntStream.range(0, 7).forEach(i -> assertThat(this.limiter.acquire(policies).allowed()).isTrue());

		this.nanos.addAndGet(8_571_428_571L - 1);
		RateLimitDecision early = this.limiter.acquire(policies);
		this.nanos.addAndGet(1);
		RateLimitDecision onTime = this.limiter.acquire(policies);

		assertThat(early.allowed()).isFalse();
		assertThat(onTime.allowed()).isTrue();
		assertThat(this.limiter.acquire(policies).allowed()).isFalse();
	}

	@Test
	void shouldKeepCountingWhenTheClockWrapsAround() {
		this.nanos.set(Long.MAX_VALUE - 20 * SECOND);
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("per-account", "a", 4, Duration.ofMinutes(1)));
		IntStream.range(0, 4).forEach(i -> assertThat(this.limiter.acquire(policies).allowed()).isTrue());
		assertThat(this.limiter.acquire(policies).allowed()).isFalse();

		// 30 s later the clock has wrapped to negative values; two slots have come back.
		this.nanos.addAndGet(30 * SECOND);
		RateLimitDecision first = this.limiter.acquire(policies);
		RateLimitDecision second = this.limiter.acquire(policies);
		RateLimitDecision third = this.limiter.acquire(policies);

		assertThat(this.nanos.get()).isNegative();
		assertThat(first.allowed()).isTrue();
		assertThat(second.allowed()).isTrue();
		assertThat(third.allowed()).isFalse();
		assertThat(third.retryAfterSeconds()).isEqualTo(15);
	}

	@Test
	void shouldForgetAClientAfterAWholeWindow() {
		this.nanos.set(-Long.MAX_VALUE / 2);
		List<RateLimitPolicy> policies = List.of(new RateLimitPolicy("per-account", "a", 2, Duration.ofMinutes(1)));
		this.limiter.acquire(policies);
		this.limiter.acquire(policies);

		this.nanos.addAndGet(60 * SECOND);
		RateLimitDecision fresh = this.limiter.acquire(policies);

		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.states().get(0).remaining()).isEqualTo(1);
		assertThat(fresh.states().get(0).resetSeconds()).isEqualTo(30);
	}

}
