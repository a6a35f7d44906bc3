package dev.pipeline.ingress.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the console's security headers on its page and files, answered or refused. The
 * page holds a credential in session storage, so the policy allows nothing but the
 * server's own files: no inline script or style, no {@code eval}, requests only to this
 * origin ({@code connect-src 'self'}), no framing, no plugins, and forms posting only
 * here; an injected string has nothing to run. {@code nosniff} makes the browser run a
 * file only as the type it was served with, and {@code no-referrer} keeps the console's
 * paths out of other sites' logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ConsoleHeadersFilter extends OncePerRequestFilter {

	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
			+ " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.equals(ConsoleConfiguration.PAGE) || path.startsWith(ConsoleConfiguration.PAGE + "/")
				|| path.startsWith("/webjars/uplot/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		chain.doFilter(request, response);
	}

}
