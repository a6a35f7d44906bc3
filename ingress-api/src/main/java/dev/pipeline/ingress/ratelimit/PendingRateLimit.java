package dev.pipeline.ingress.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pipeline.ingress.account.AuthenticationFilter;
import dev.pipeline.ingress.account.RevokedKeyFilter;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.DeferredCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The rate limit of a request whose handler charges quota, left undecided by
 * {@link RateLimitFilter} so that the quota ledger decides it with the charge, in one
 * Redis script ({@code rate-limit-and-charge.lua}) instead of two round trips. The order
 * a client sees stays that of the filters: authentication, rate limit, validation, quota.
 * An answer that comes before the charge (a validation problem, an idempotent replay)
 * settles the limit first, alone ({@link #settle}, through {@link DeferredCheck}), and
 * answers 429 instead when it refuses; a refused limit charges nothing. Like the filter,
 * a decision read from Redis also tells whether the request's key was revoked on another
 * instance since it was authenticated ({@link RevokedKeyFilter}), and then the answer is
 * 401.
 */
public final class PendingRateLimit implements DeferredCheck {

	private final RateLimitFilter filter;

	private final List<RateLimitPolicy> policies;

	private final HttpServletRequest request;

	private final HttpServletResponse response;

	private boolean decided;

	PendingRateLimit(RateLimitFilter filter, List<RateLimitPolicy> policies, HttpServletRequest request,
			HttpServletResponse response) {
		this.filter = filter;
		this.policies = policies;
		this.request = request;
		this.response = response;
	}

	/** The undecided rate limit of the request this thread serves, if it has one. */
	public static Optional<PendingRateLimit> current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null && attributes.getAttribute(DeferredCheck.ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof PendingRateLimit pending && !pending.decided) {
			return Optional.of(pending);
		}
		return Optional.empty();
	}

	/** Decides the limit alone (one round trip of its own, or the local fallback). */
	@Override
	public Optional<ApiProblem> settle() {
		if (this.decided) {
			return Optional.empty();
		}
		return decided(this.filter.limiter().acquire(this.policies), true);
	}

	/**
	 * The rate limit's keys for {@code rate-limit-and-charge.lua}: those of
	 * {@code rate-limit-gcra.lua}.
	 */
	public List<String> scriptKeys() {
		return RateLimiter.scriptKeys(this.policies);
	}

	/**
	 * The rate limit's arguments for {@code rate-limit-and-charge.lua}: the number of
	 * policies, the accounts version the request's key was checked under, then those of
	 * {@code rate-limit-gcra.lua}.
	 */
	public List<String> scriptArguments() {
		List<String> args = new ArrayList<>(2 + 2 * this.policies.size());
		args.add(String.valueOf(this.policies.size()));
		args.add(String.valueOf(RevokedKeyFilter.checkedUnder(this.request)));
		args.addAll(RateLimiter.scriptArguments(this.policies));
		return args;
	}

	/** Where the charge's answer starts in the answer of the combined script. */
	public int chargeAnswerAt() {
		return RateLimiter.answerLength(this.policies);
	}

	/**
	 * Decides the limit from the answer of {@code rate-limit-and-charge.lua}.
	 * @param keyChecked whether the script compared the accounts version with the one the
	 * key was checked under and found it unchanged (it charged or refused the quota):
	 * then the key needs no second look
	 * @return the problem to answer with (429, or 401 for a key revoked elsewhere), empty
	 * when the request may go on
	 */
	public Optional<ApiProblem> decided(@Nullable List<?> answer, boolean keyChecked) {
		return decided(RateLimiter.decisionOf(this.policies, answer), !keyChecked);
	}

	private Optional<ApiProblem> decided(RateLimitDecision decision, boolean checkKey) {
		this.decided = true;
		Optional<ApiProblem> refusal = this.filter.apply(decision, this.response);
		if (refusal.isPresent()) {
			return refusal;
		}
		if (checkKey && this.filter.revocations().revoked(this.request)) {
			return Optional.of(AuthenticationFilter.invalidApiKey());
		}
		return Optional.empty();
	}

}
