package dev.pipeline.ingress.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.ingress.account.AccountDirectory;
import dev.pipeline.ingress.account.AccountLimits;
import dev.pipeline.ingress.account.AuthenticationFilter;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.account.ProtectedRoutes;
import dev.pipeline.ingress.account.RevokedKeyFilter;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.DeferredCheck;
import dev.pipeline.ingress.system.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the per-account and per-address rate limits to every request an API key
 * authenticated (the admin is not limited), and puts {@code RateLimit-Policy} and
 * {@code RateLimit} on the response, refused or not. A refusal is a 429 with
 * {@code Retry-After} and a problem whose detail says in words when to try again.
 *
 * <p>
 * On the routes that charge quota synchronously (the prediction routes, as
 * {@link ProtectedRoutes} classified the request in authentication) the limit is not
 * decided here but with the quota charge, in one Redis round trip
 * ({@link PendingRateLimit}); the client sees the same checks in the same order.
 */
@Component
public class RateLimitFilter extends OncePerRequestFilter implements Ordered {

	/** Right after authentication, which tells whose limits apply. */
	public static final int ORDER = AuthenticationFilter.ORDER + 10;

	static final String ACCOUNT_POLICY = "per-account";

	static final String ADDRESS_POLICY = "per-ip";

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final RateLimiter limiter;

	private final AccountDirectory directory;

	private final ClientAddressResolver addresses;

	private final ProblemWriter problems;

	private final RateLimitProperties properties;

	private final RevokedKeyFilter revocations;

	/**
	 * {@code pipeline.ratelimit.decisions} by {@link #decisionKey outcome and decider},
	 * registered once.
	 */
	private final Map<String, Counter> decisions = new HashMap<>();

	RateLimitFilter(RateLimiter limiter, AccountDirectory directory, ClientAddressResolver addresses,
			ProblemWriter problems, RateLimitProperties properties, RevokedKeyFilter revocations,
			MeterRegistry meters) {
		for (String outcome : List.of("allowed", "refused")) {
			for (String decidedBy : List.of("redis", "local")) {
				this.decisions.put(outcome + "/" + decidedBy, Counter.builder("pipeline.ratelimit.decisions")
					.description(
							"Rate limit decisions by outcome and by who decided (Redis or this instance's fallback)")
					.tag("outcome", outcome)
					.tag("decidedBy", decidedBy)
					.register(meters));
			}
		}
		this.limiter = limiter;
		this.directory = directory;
		this.addresses = addresses;
		this.problems = problems;
		this.properties = properties;
		this.revocations = revocations;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.properties.enabled() || !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)
				|| caller.admin() || caller.accountId() == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
		List<RateLimitPolicy> policies = policies(caller.accountId(), request);
		if (ProtectedRoutes.of(request).chargesQuota()) {
			// Decided with the quota charge, in its round trip (PendingRateLimit).
			PendingRateLimit pending = new PendingRateLimit(this, policies, request, response);
			request.setAttribute(DeferredCheck.ATTRIBUTE, pending);
			chain.doFilter(request, response);
			// Every path that answers settles it; this only keeps the limit counted if
			// one was missed.
			pending.settle();
			return;
		}
		Optional<ApiProblem> refusal = apply(this.limiter.acquire(policies), response);
		if (refusal.isEmpty()) {
			chain.doFilter(request, response);
		}
		else {
			this.problems.write(request, response, refusal.get());
		}
	}

	/**
	 * Puts a decision on the response: the header fields, the decision counter, and the
	 * accounts version read with it.
	 * @return the 429 problem when the decision refuses the request
	 */
	Optional<ApiProblem> apply(RateLimitDecision decision, HttpServletResponse response) {
		if (!decision.local()) {
			// Only a hint for authentication, which re-checks the key if keys changed.
			this.directory.observeVersion(decision.accountsVersion());
		}
		this.decisions.get(decisionKey(decision)).increment();
		response.setHeader(RateLimitHeaders.POLICY, RateLimitHeaders.policy(decision));
		response.setHeader(RateLimitHeaders.RATE_LIMIT, RateLimitHeaders.rateLimit(decision));
		return decision.allowed() ? Optional.empty() : Optional.of(refusal(decision));
	}

	RateLimiter limiter() {
		return this.limiter;
	}

	RevokedKeyFilter revocations() {
		return this.revocations;
	}

	private static String decisionKey(RateLimitDecision decision) {
		return (decision.allowed() ? "allowed" : "refused") + "/" + (decision.local() ? "local" : "redis");
	}

	private List<RateLimitPolicy> policies(String accountId, HttpServletRequest request) {
		List<RateLimitPolicy> policies = new ArrayList<>(2);
		this.directory.limits(accountId)
			.map(AccountLimits::ratePerMinute)
			.ifPresent(rate -> policies.add(new RateLimitPolicy(ACCOUNT_POLICY, "account:" + accountId, rate, MINUTE)));
		policies.add(new RateLimitPolicy(ADDRESS_POLICY, "ip:" + this.addresses.resolve(request),
				this.properties.perIpPerMinute(), MINUTE));
		return policies;
	}

	static ApiProblem refusal(RateLimitDecision decision) {
		RateLimitDecision.State refusing = decision.states()
			.stream()
			.max(Comparator.comparingLong(RateLimitDecision.State::retryAfterSeconds))
			.orElseThrow();
		long wait = Math.max(1, decision.retryAfterSeconds());
		String whose = ADDRESS_POLICY.equals(refusing.policy().name()) ? " from your address" : "";
		String detail = "Rate limit of " + refusing.policy().limit() + " requests per minute" + whose
				+ " exceeded; try again in " + wait + (wait == 1 ? " second." : " seconds.");
		return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limit-exceeded", "Rate limit exceeded", detail)
			.with("policy", refusing.policy().name())
			.with("limit", refusing.policy().limit())
			.with("retryAfterSeconds", wait)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(wait));
	}

}
