package dev.pipeline.ingress.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.ingress.account.AccountDirectory;
import dev.pipeline.ingress.redis.LuaScripts;
import dev.pipeline.ingress.redis.RedisAvailability;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Decides whether a request fits its rate limits: one call of
 * {@code rate-limit-gcra.lua}, one Redis round trip, atomic over all policies of the
 * request, so any number of ingress instances share each limit exactly. While Redis is
 * unreachable a per-instance {@link LocalRateLimiter} decides instead (see
 * {@link RedisAvailability}).
 */
@Component
public class RateLimiter {

	static final String KEY_PREFIX = "rl:";

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> gcra = LuaScripts.load("rate-limit-gcra.lua", List.class);

	private final StringRedisTemplate redis;

	private final RedisAvailability availability;

	private final LocalRateLimiter fallback = new LocalRateLimiter(System::nanoTime);

	RateLimiter(StringRedisTemplate redis, RedisAvailability availability) {
		this.redis = redis;
		this.availability = availability;
	}

	public RateLimitDecision acquire(List<RateLimitPolicy> policies) {
		if (this.availability.shouldTry()) {
			try {
				RateLimitDecision decision = acquireInRedis(policies);
				this.availability.succeeded();
				return decision;
			}
			catch (RuntimeException ex) {
				this.availability.failed("rate limits", ex);
			}
		}
		return this.fallback.acquire(policies);
	}

	private RateLimitDecision acquireInRedis(List<RateLimitPolicy> policies) {
		List<?> result = this.redis.execute(this.gcra, scriptKeys(policies), scriptArguments(policies).toArray());
		return decisionOf(policies, result);
	}

	/**
	 * The keys of {@code rate-limit-gcra.lua} for these policies: one per policy, then
	 * the accounts version.
	 */
	static List<String> scriptKeys(List<RateLimitPolicy> policies) {
		List<String> keys = new ArrayList<>(policies.size() + 1);
		for (RateLimitPolicy policy : policies) {
			keys.add(KEY_PREFIX + policy.key());
		}
		keys.add(AccountDirectory.VERSION_KEY);
		return keys;
	}

	/** The arguments of {@code rate-limit-gcra.lua}: limit and window of each policy. */
	static List<String> scriptArguments(List<RateLimitPolicy> policies) {
		List<String> args = new ArrayList<>(policies.size() * 2);
		for (RateLimitPolicy policy : policies) {
			args.add(String.valueOf(policy.limit()));
			args.add(String.valueOf(policy.window().toMillis()));
		}
		return args;
	}

	/** How many values {@code rate-limit-gcra.lua} answers for these policies. */
	static int answerLength(List<RateLimitPolicy> policies) {
		return 3 + 3 * policies.size();
	}

	/**
	 * Reads the answer of {@code rate-limit-gcra.lua}, which may be followed by more
	 * values (those of a script that ran it as a function).
	 */
	static RateLimitDecision decisionOf(List<RateLimitPolicy> policies, @Nullable List<?> result) {
		int versionAt = answerLength(policies) - 1;
		if (result == null || result.size() < versionAt + 1) {
			throw new IllegalStateException("rate-limit-gcra.lua answered " + result);
		}
		List<RateLimitDecision.State> states = new ArrayList<>(policies.size());
		for (int i = 0; i < policies.size(); i++) {
			int at = 2 + 3 * i;
			states.add(new RateLimitDecision.State(policies.get(i), number(result, at), seconds(number(result, at + 1)),
					seconds(number(result, at + 2))));
		}
		return new RateLimitDecision(number(result, 0) == 1, seconds(number(result, 1)), states, false,
				number(result, versionAt));
	}

	private static long number(List<?> result, int index) {
		return ((Number) result.get(index)).longValue();
	}

	private static long seconds(long millis) {
		return (millis + 999) / 1000;
	}

}
