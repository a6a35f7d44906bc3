package dev.pipeline.ingress.ratelimit;

import java.util.stream.Collectors;

/**
 * The header fields of draft-ietf-httpapi-ratelimit-headers (revision 10): Structured
 * Field lists with one item per policy, e.g. <pre>
 * RateLimit-Policy: "per-account";q=60;w=60, "per-ip";q=6000;w=60
 * RateLimit: "per-account";r=57;t=3, "per-ip";r=5990;t=1
 * </pre> {@code q} is the quota (requests) per window {@code w} (seconds), {@code r} what
 * remains and {@code t} the seconds until the whole quota is back.
 */
final class RateLimitHeaders {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	private RateLimitHeaders() {
	}

	static String policy(RateLimitDecision decision) {
		return decision.states()
			.stream()
			.map(state -> "\"" + state.policy().name() + "\";q=" + state.policy().limit() + ";w="
					+ state.policy().window().toSeconds())
			.collect(Collectors.joining(", "));
	}

	static String rateLimit(RateLimitDecision decision) {
		return decision.states()
			.stream()
			.map(state -> "\"" + state.policy().name() + "\";r=" + state.remaining() + ";t=" + state.resetSeconds())
			.collect(Collectors.joining(", "));
	}

}
