package dev.pipeline.ingress.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback while Redis is unreachable: the same GCRA as {@code rate-limit-gcra.lua}, in this
 * instance's memory. With N instances a client may get up to N times its limit during an outage;
 * that is the price of serving at all. The state is dropped once it is older than a window.
 */
final class LocalRateLimiter {

	/** Theoretical arrival times in microseconds of {@link System#nanoTime()}. */
	private final Map<String, Double> tats = new HashMap<>();

	synchronized RateLimitDecision acquire(List<RateLimitPolicy> policies) {
		double now = System.nanoTime() / 1000.0;
		if (this.tats.size() > 100_000) {
			this.tats.values().removeIf(tat -> tat < now);
		}
		boolean allowed = true;
		double retryAfter = 0;
		double[] tatsNow = new double[policies.size()];
		double[] waits = new double[policies.size()];
		for (int i = 0; i < policies.size(); i++) {
			RateLimitPolicy policy = policies.get(i);
			double window = policy.window().toNanos() / 1000.0;
			double interval = window / policy.limit();
			double tat = Math.max(this.tats.getOrDefault(policy.key(), now), now);
			double allowAt = tat + interval - window;
			tatsNow[i] = tat;
			if (allowAt > now) {
				allowed = false;
				waits[i] = allowAt - now;
				retryAfter = Math.max(retryAfter, allowAt - now);
			}
		}
		List<RateLimitDecision.State> states = new ArrayList<>(policies.size());
		for (int i = 0; i < policies.size(); i++) {
			RateLimitPolicy policy = policies.get(i);
			double window = policy.window().toNanos() / 1000.0;
			double interval = window / policy.limit();
			double tat = tatsNow[i];
			if (allowed) {
				tat += interval;
				this.tats.put(policy.key(), tat);
			}
			long remaining = Math.max(0, (long) Math.floor((window - (tat - now)) / interval + 1e-9));
			states.add(new RateLimitDecision.State(policy, remaining, seconds(tat - now), seconds(waits[i])));
		}
		return new RateLimitDecision(allowed, seconds(retryAfter), states, true, 0);
	}

	private static long seconds(double micros) {
		return (long) Math.ceil(micros / 1_000_000.0);
	}

}
