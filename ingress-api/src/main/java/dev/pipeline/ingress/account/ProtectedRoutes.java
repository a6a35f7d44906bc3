package dev.pipeline.ingress.account;

import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which credential a path needs, decided on the path as Spring MVC matches it
 * (percent-decoded, path parameters dropped, with the same {@link PathPatternParser}
 * rules), so a spelling the dispatcher routes to a handler is classified like that
 * handler's path. Deny by default: everything needs a credential except the public paths
 * listed here, and a path added later is protected without anyone having to remember this
 * class.
 * <ul>
 * <li>{@link Access#PUBLIC}: {@code /health}, {@code /actuator/health} and its probes,
 * the OpenAPI document ({@code /v3/api-docs}), Swagger UI ({@code /swagger-ui/**}) and
 * the error page.</li>
 * <li>{@link Access#ADMIN}: the admin API ({@code /v1/admin/**}) and every other actuator
 * endpoint (Prometheus, info), which show all accounts' traffic.</li>
 * <li>{@link Access#ACCOUNT}: everything else: an API key or the admin token.</li>
 * </ul>
 * The actuator normally answers on its own management port, where these filters do not
 * run; the actuator rules only matter to a deployment that puts it back on the API port.
 */
final class ProtectedRoutes {

	/** The credential a path needs. */
	enum Access {

		PUBLIC, ACCOUNT, ADMIN

	}

	private static final List<PathPattern> PUBLIC = patterns("/health", "/actuator/health", "/actuator/health/{*probe}",
			"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/{*group}", "/swagger-ui.html", "/swagger-ui/{*file}",
			"/error");

	private static final List<PathPattern> ADMIN = patterns("/v1/admin/{*rest}", "/actuator/{*endpoint}");

	private ProtectedRoutes() {
	}

	/** The credential the request's path needs. */
	static Access of(HttpServletRequest request) {
		return of(RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
	}

	static Access of(PathContainer path) {
		if (matchesAny(PUBLIC, path)) {
			return Access.PUBLIC;
		}
		return matchesAny(ADMIN, path) ? Access.ADMIN : Access.ACCOUNT;
	}

	private static boolean matchesAny(List<PathPattern> patterns, PathContainer path) {
		return patterns.stream().anyMatch((pattern) -> pattern.matches(path));
	}

	private static List<PathPattern> patterns(String... patterns) {
		// The parser Spring MVC uses by default: case-sensitive, no optional trailing
		// slash.
		return Stream.of(patterns).map(PathPatternParser.defaultInstance::parse).toList();
	}

}
