package dev.pipeline.ingress.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The fallback while Redis is unreachable: the same GCRA as {@code rate-limit-gcra.lua},
 * in this instance's memory. With N instances a client may get up to N times its limit
 * during an outage; that is the price of serving at all. The state is dropped once it is
 * older than a window.
 *
 * <p>
 * All arithmetic is on whole nanoseconds of the given clock ({@link System#nanoTime()} in
 * production), and instants are only ever compared by their difference: that clock's
 * origin is arbitrary (it may be huge, negative, or wrap around), so neither floating
 * point, whose rounding depends on the magnitude, nor a plain {@code <} between two
 * readings would do.
 */
final class LocalRateLimiter {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	/** Theoretical arrival times, in nanoseconds of {@link #nanoTime}. */
	private final Map<String, Long> tats = new HashMap<>();

	private final LongSupplier nanoTime;

	LocalRateLimiter(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	synchronized RateLimitDecision acquire(List<RateLimitPolicy> policies) {
		long now = this.nanoTime.getAsLong();
		if (this.tats.size() > 100_000) {
			this.tats.values().removeIf(tat -> tat - now <= 0);
		}
		boolean allowed = true;
		long retryAfter = 0;
		long[] ahead = new long[policies.size()];
		long[] waits = new long[policies.size()];
		for (int i = 0; i < policies.size(); i++) {
			Gcra gcra = Gcra.of(policies.get(i));
			Long tat = this.tats.get(policies.get(i).key());
			// How far the client's theoretical arrival time is ahead of now (never
			// behind).
			ahead[i] = (tat == null) ? 0 : Math.max(0, tat - now);
			waits[i] = Math.max(0, ahead[i] - gcra.tolerance());
			if (waits[i] > 0) {
				allowed = false;
				retryAfter = Math.max(retryAfter, waits[i]);
			}
		}
		List<RateLimitDecision.State> states = new ArrayList<>(policies.size());
		for (int i = 0; i < policies.size(); i++) {
			RateLimitPolicy policy = policies.get(i);
			Gcra gcra = Gcra.of(policy);
			if (allowed) {
				ahead[i] += gcra.interval();
				this.tats.put(policy.key(), now + ahead[i]);
			}
			long remaining = Math.max(0, (gcra.tolerance() + gcra.interval() - ahead[i]) / gcra.interval());
			states.add(new RateLimitDecision.State(policy, remaining, seconds(ahead[i]), seconds(waits[i])));
		}
		return new RateLimitDecision(allowed, seconds(retryAfter), states, true, 0);
	}

	private static long seconds(long nanos) {
		return (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
	}

	/**
	 * One request per {@code interval} (the window over the limit, rounded down to a
	 * whole nanosecond), with a burst of {@code limit}: a request is admitted while the
	 * theoretical arrival time is at most {@code tolerance} ahead of now.
	 */
	private record Gcra(long interval, long tolerance) {

		static Gcra of(RateLimitPolicy policy) {
			long interval = Math.max(1, policy.window().toNanos() / policy.limit());
			return new Gcra(interval, interval * (policy.limit() - 1));
		}

	}

}
