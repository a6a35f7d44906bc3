package dev.pipeline.ingress.ratelimit;

import java.util.List;

/**
 * The outcome of one rate limit check over several policies (admitted only if all admit).
 *
 * @param allowed whether the request may proceed
 * @param retryAfterSeconds when refused, whole seconds after which the refusing policies
 * admit one request again (rounded up, so it is never too early)
 * @param states per policy, in the order asked
 * @param local whether this instance's fallback decided because Redis was unreachable
 * @param accountsVersion the accounts version read from Redis with the decision
 * (meaningless when {@code local})
 */
public record RateLimitDecision(boolean allowed, long retryAfterSeconds, List<State> states, boolean local,
		long accountsVersion) {

	/**
	 * @param remaining requests left in the policy's window after this one
	 * @param resetSeconds seconds until the policy's whole quota is available again
	 * @param retryAfterSeconds seconds until this policy admits one more (0 when it
	 * admitted this)
	 */
	public record State(RateLimitPolicy policy, long remaining, long resetSeconds, long retryAfterSeconds) {
	}

}
