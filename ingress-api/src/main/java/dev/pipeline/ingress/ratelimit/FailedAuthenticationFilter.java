package dev.pipeline.ingress.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pipeline.ingress.account.AccountsProperties;
import dev.pipeline.ingress.account.AuthenticationFilter;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits failed authentications per client address: once the credentials a client address
 * sent were refused ({@code 401})
 * {@code ingress.accounts.failed-authentications-per-minute} times within a minute, its
 * requests with credentials are answered 429 with {@code Retry-After} until that minute
 * is over, before authentication, so guessing keys costs no more PostgreSQL lookups.
 * Right credentials are refused too: otherwise the guessing would go on, told apart by a
 * 200.
 *
 * <p>
 * The count is per instance, in memory, and bounded: an attacker with more addresses than
 * the bound only evicts other counts (per-address limits cannot stop such an attacker
 * anyway; the unknown-key cache and the database connection pool still bound what it
 * costs).
 */
@Component
public class FailedAuthenticationFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Around authentication (and the rate limit filter, which refuses revoked keys with
	 * 401).
	 */
	static final int ORDER = AuthenticationFilter.ORDER - 10;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	/** Most client addresses counted at once: a few MB at most. */
	private static final int MAX_ADDRESSES = 100_000;

	private final ClientAddressResolver addresses;

	private final ProblemWriter problems;

	private final int limit;

	private final Counter refusals;

	/**
	 * Failures per address within the window, which starts at the address's first
	 * failure: the count is changed in place, so the entry expires a minute after it was
	 * created.
	 */
	private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
		.maximumSize(MAX_ADDRESSES)
		.expireAfterWrite(WINDOW)
		.recordStats()
		.build();

	FailedAuthenticationFilter(ClientAddressResolver addresses, ProblemWriter problems, AccountsProperties properties,
			MeterRegistry meters) {
		this.addresses = addresses;
		this.problems = problems;
		this.limit = properties.failedAuthenticationsPerMinute();
		this.refusals = Counter.builder("pipeline.authentication.throttled")
			.description("Requests refused because their address sent too many wrong credentials")
			.register(meters);
		CaffeineCacheMetrics.monitor(meters, this.failures, "authentication.failures");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Requests without credentials cannot fail authentication, nor be refused here. */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) == null
				&& request.getHeader(AuthenticationFilter.API_KEY_HEADER) == null
				&& request.getHeader(AuthenticationFilter.ADMIN_TOKEN_HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String address = this.addresses.resolve(request);
		@Nullable AtomicInteger failed = this.failures.getIfPresent(address);
		if (failed != null && failed.get() >= this.limit) {
			this.refusals.increment();
			this.problems.write(request, response, refusal(secondsLeft(address)));
			return;
		}
		chain.doFilter(request, response);
		if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
			this.failures.get(address, ignored -> new AtomicInteger()).incrementAndGet();
		}
	}

	private long secondsLeft(String address) {
		Duration age = this.failures.policy()
			.expireAfterWrite()
			.flatMap(expiration -> expiration.ageOf(address))
			.orElse(Duration.ZERO);
		long millisLeft = WINDOW.minus(age).toMillis();
		return Math.max(1, (millisLeft + 999) / 1000);
	}

	private ApiProblem refusal(long wait) {
		return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-authentications",
				"Too many failed authentications",
				"Credentials from your address were refused " + this.limit + " times within a minute; try again in "
						+ wait + (wait == 1 ? " second." : " seconds."))
			.with("limit", this.limit)
			.with("retryAfterSeconds", wait)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(wait));
	}

}
