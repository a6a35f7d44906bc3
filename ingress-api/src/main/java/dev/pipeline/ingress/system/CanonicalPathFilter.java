package dev.pipeline.ingress.system;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 400 every request whose path is not written in its one canonical form:
 * each segment non-empty, made of letters, digits and {@code . _ : -} only, and neither
 * {@code .} nor {@code ..}. That rules out percent-encoding, path parameters ({@code ;}),
 * backslashes, dot segments and double or trailing slashes: the spellings that Tomcat and
 * Spring MVC map to a path other than the one written, and under which a check of the
 * written path is fooled ({@code /v1;x/admin/accounts}, {@code /%761/metrics}). No route
 * of this API needs them (model names and ids use the same alphabet), so past this filter
 * the path as written is the path the dispatcher matches. Runs right after the request
 * id, before anything reads the path.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class CanonicalPathFilter extends OncePerRequestFilter {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._:-]+");

	private final ProblemWriter problems;

	CanonicalPathFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isCanonical(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		this.problems.write(request, response,
				new ApiProblem(HttpStatus.BAD_REQUEST, "non-canonical-path", "Non-canonical path",
						"Write the path plainly: no percent-encoding, ';', '\\', empty, '.' or '..' segments,"
								+ " and no trailing slash."));
	}

	static boolean isCanonical(String path) {
		if (path.equals("/")) {
			return true;
		}
		if (!path.startsWith("/")) {
			return false;
		}
		for (String segment : path.substring(1).split("/", -1)) {
			if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
				return false;
			}
		}
		return true;
	}

}
