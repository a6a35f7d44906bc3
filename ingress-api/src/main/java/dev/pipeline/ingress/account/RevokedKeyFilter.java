package dev.pipeline.ingress.account;

import java.io.IOException;

import dev.pipeline.ingress.system.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose API key was revoked on another instance after this instance
 * cached it. {@link AuthenticationFilter} trusts its cache; the rate limiter's Redis
 * round trip, which every keyed request makes anyway, is where this instance learns that
 * keys changed elsewhere ({@link AccountDirectory#observeVersion}). When the version
 * moved since the request was authenticated, the key is asked of PostgreSQL once more, so
 * a revocation takes effect on every instance with its next request.
 */
@Component
public class RevokedKeyFilter extends OncePerRequestFilter implements Ordered {

	/** After the rate limiter ({@code AuthenticationFilter.ORDER + 10}). */
	static final int ORDER = AuthenticationFilter.ORDER + 20;

	private final AccountDirectory directory;

	private final ProblemWriter problems;

	RevokedKeyFilter(AccountDirectory directory, ProblemWriter problems) {
		this.directory = directory;
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !(request.getAttribute(AuthenticationFilter.KEY_ID_ATTRIBUTE) instanceof String);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (revoked(request)) {
			this.problems.write(request, response, AuthenticationFilter.invalidApiKey());
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether the request's API key was revoked since it was authenticated: asked of
	 * PostgreSQL only when this instance saw the accounts version move since then. Also
	 * asked by a rate limit decided later in the request
	 * ({@code ratelimit.PendingRateLimit}).
	 */
	public boolean revoked(HttpServletRequest request) {
		if (!(request.getAttribute(AuthenticationFilter.KEY_ID_ATTRIBUTE) instanceof String keyId)) {
			return false;
		}
		return this.directory.version() != checkedUnder(request) && !this.directory.isActive(keyId);
	}

	/**
	 * The accounts version the request's API key was checked under, or -1 when no key
	 * authenticated it.
	 */
	public static long checkedUnder(HttpServletRequest request) {
		return (request.getAttribute(AuthenticationFilter.KEY_VERSION_ATTRIBUTE) instanceof Long version) ? version
				: -1;
	}

}
