package dev.pipeline.ingress.system;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 problem+json with {@code Retry-After} when a dependency fails under a
 * filter (authentication looking up a key, the rate limiter reading limits): without it
 * such a failure left the chain as an exception and became the container's 500. Failures
 * in handlers never get here; {@link ProblemHandler} answers them the same way
 * ({@link DependencyFailures}).
 */
@Component
@Order(DependencyFailureFilter.ORDER)
class DependencyFailureFilter extends OncePerRequestFilter {

	/**
	 * Inside {@link RequestIdFilter} (the answer carries {@code X-Request-Id}) and Spring
	 * Boot's observation filter ({@code HIGHEST_PRECEDENCE + 1}, so metrics record a 503,
	 * not an exception), outside every filter that may reach a dependency.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	private static final Logger log = LoggerFactory.getLogger(DependencyFailureFilter.class);

	private final ProblemWriter problems;

	DependencyFailureFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			Optional<ApiProblem> unavailable = DependencyFailures.problemFor(ex);
			if (unavailable.isEmpty() || response.isCommitted()) {
				throw ex;
			}
			log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(),
					unavailable.get().status().value(), ex.toString());
			// Keeps the headers already set (X-Request-Id); drops any body written so
			// far.
			response.resetBuffer();
			this.problems.write(request, response, unavailable.get());
		}
	}

}
