package dev.pipeline.ingress.account;

import java.util.List;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What the filters need to know of a request's route, decided once per request on the
 * path as Spring MVC matches it (percent-decoded, path parameters dropped, with the same
 * {@link PathPatternParser} rules), so a spelling the dispatcher routes to a handler is
 * classified like that handler's path. {@link AuthenticationFilter} classifies the
 * request and keeps the {@link Route} on it ({@link #ATTRIBUTE}); the filters after it
 * read it there ({@link #of(HttpServletRequest)}) instead of parsing the path again.
 *
 * <p>
 * The credential: deny by default: everything needs a credential except the public paths
 * listed here, and a path added later is protected without anyone having to remember this
 * class.
 * <ul>
 * <li>{@link Access#PUBLIC}: {@code /health}, {@code /actuator/health} and its probes,
 * the Open Inference Protocol's server probes ({@code /v2/health/live},
 * {@code /v2/health/ready}), the OpenAPI document ({@code /v3/api-docs}), Swagger UI
 * ({@code /swagger-ui/**}), the error page, and the web console's page and files
 * ({@code /console}, {@code /console/**}) with its chart library
 * ({@code /webjars/uplot/**}): static files holding no secret, whose page calls the API
 * with the credential its user signs in with.</li>
 * <li>{@link Access#ADMIN}: the admin API ({@code /v1/admin/**}) and every other actuator
 * endpoint (Prometheus, info), which show all accounts' traffic.</li>
 * <li>{@link Access#ACCOUNT}: everything else: an API key or the admin token.</li>
 * </ul>
 * The actuator normally answers on its own management port, where these filters do not
 * run; the actuator rules only matter to a deployment that puts it back on the API port.
 *
 * <p>
 * Whether the route charges quota: the synchronous prediction routes ({@code POST
 * /v1/models/{model}/predict} and the Open Inference Protocol's {@code POST
 * /v2/models/{model}[/versions/{version}]/infer}), job submission ({@code POST
 * /v1/models/{model}/jobs}) and the compatibility routes ({@code POST /predict},
 * {@code POST /api/v1/{accountId}/kalman}), whose rate limit is decided with the charge.
 * Analyses keep a round trip each for the limit and the charge: they are few, and each
 * waits seconds for a report anyway.
 */
public final class ProtectedRoutes {

	/** The credential a path needs. */
	public enum Access {

		PUBLIC, ACCOUNT, ADMIN

	}

	/**
	 * A request's route as the filters see it.
	 *
	 * @param access the credential it needs
	 * @param chargesQuota whether its handler charges quota synchronously, so that its
	 * rate limit is best decided with the charge
	 */
	public record Route(Access access, boolean chargesQuota) {
	}

	/** The request attribute holding the request's {@link Route}. */
	static final String ATTRIBUTE = Route.class.getName();

	private static final List<PathPattern> PUBLIC = patterns("/health", "/actuator/health", "/actuator/health/{*probe}",
			"/v2/health/live", "/v2/health/ready", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/{*group}",
			"/swagger-ui.html", "/swagger-ui/{*file}", "/error", "/console/{*file}", "/webjars/uplot/{*file}");

	private static final List<PathPattern> ADMIN = patterns("/v1/admin/{*rest}", "/actuator/{*endpoint}");

	private static final List<PathPattern> CHARGING = patterns("/v1/models/{model}/predict", "/v1/models/{model}/jobs",
			"/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer", "/predict",
			"/api/v1/{accountId}/kalman");

	private ProtectedRoutes() {
	}

	/**
	 * The request's route: as classified earlier in this request, or classified now and
	 * kept on the request.
	 */
	public static Route of(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof Route route) {
			return route;
		}
		Route route = classify(request.getMethod(),
				RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
		request.setAttribute(ATTRIBUTE, route);
		return route;
	}

	static Route classify(String method, PathContainer path) {
		if (matchesAny(PUBLIC, path)) {
			return new Route(Access.PUBLIC, false);
		}
		Access access = matchesAny(ADMIN, path) ? Access.ADMIN : Access.ACCOUNT;
		return new Route(access, HttpMethod.POST.matches(method) && matchesAny(CHARGING, path));
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
