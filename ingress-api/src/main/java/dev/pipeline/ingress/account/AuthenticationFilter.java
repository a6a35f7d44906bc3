package dev.pipeline.ingress.account;

import java.io.IOException;
import java.util.Optional;

import dev.pipeline.ingress.account.ProtectedRoutes.Access;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.ProblemWriter;
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
 * Authenticates every request to a path that is not public (see {@link ProtectedRoutes}:
 * deny by default, decided on the path the dispatcher matches) and sets the
 * {@link Caller} request attribute.
 * <ul>
 * <li>Admin routes ({@code /v1/admin/**}, actuator endpoints other than health) take only
 * {@code X-Admin-Token}: missing or wrong is 401; a valid API key without the admin token
 * is 403.</li>
 * <li>Other routes take an API key ({@code Authorization: Bearer} or {@code X-API-Key})
 * or the admin token; the admin is {@code Caller(null, true)}: no account, no limits,
 * sees all traffic.</li>
 * </ul>
 */
@Component
public class AuthenticationFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Before the rate limiter, which needs the caller; after request-id and observation
	 * filters.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

	/** Request attribute holding the id of the API key that authenticated the request. */
	static final String KEY_ID_ATTRIBUTE = "dev.pipeline.ingress.account.keyId";

	/**
	 * Request attribute holding the accounts version the key was checked under (see
	 * {@link RevokedKeyFilter}).
	 */
	static final String KEY_VERSION_ATTRIBUTE = "dev.pipeline.ingress.account.keyVersion";

	public static final String ADMIN_TOKEN_HEADER = "X-Admin-Token";

	public static final String API_KEY_HEADER = "X-API-Key";

	private final AccountDirectory directory;

	private final AdminToken adminToken;

	private final KeyUsageRecorder usage;

	private final ProblemWriter problems;

	AuthenticationFilter(AccountDirectory directory, AdminToken adminToken, KeyUsageRecorder usage,
			ProblemWriter problems) {
		this.directory = directory;
		this.adminToken = adminToken;
		this.usage = usage;
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Classifies the path once per request (matching it against the route patterns is the
	 * costly part): public paths pass untouched.
	 */
	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Access access = ProtectedRoutes.of(request).access();
		if (access == Access.PUBLIC) {
			chain.doFilter(request, response);
			return;
		}
		String adminHeader = request.getHeader(ADMIN_TOKEN_HEADER);
		String apiKey = apiKeyOf(request);
		if (access == Access.ADMIN) {
			if (this.adminToken.matches(adminHeader)) {
				proceed(request, response, chain, new Caller(null, true));
			}
			else if (adminHeader == null && apiKey != null && this.directory.authenticate(apiKey).isPresent()) {
				reject(request, response, new ApiProblem(HttpStatus.FORBIDDEN, "admin-only", "Admin only",
						"This endpoint needs the admin token (X-Admin-Token); an API key is not enough."));
			}
			else {
				reject(request, response, invalidAdminToken(adminHeader));
			}
			return;
		}
		if (adminHeader != null) {
			if (this.adminToken.matches(adminHeader)) {
				proceed(request, response, chain, new Caller(null, true));
			}
			else {
				reject(request, response, invalidAdminToken(adminHeader));
			}
			return;
		}
		if (apiKey == null) {
			reject(request, response, authenticationRequired());
			return;
		}
		long version = this.directory.version();
		Optional<AuthenticatedKey> key = this.directory.authenticate(apiKey);
		if (key.isEmpty()) {
			reject(request, response, invalidApiKey());
			return;
		}
		this.usage.used(key.get().keyId());
		request.setAttribute(KEY_ID_ATTRIBUTE, key.get().keyId());
		request.setAttribute(KEY_VERSION_ATTRIBUTE, version);
		proceed(request, response, chain, new Caller(key.get().accountId(), false));
	}

	private static void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Caller caller) throws ServletException, IOException {
		request.setAttribute(Caller.ATTRIBUTE, caller);
		chain.doFilter(request, response);
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
			throws IOException {
		boolean challenged = problem.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE) != null;
		if (problem.status() == HttpStatus.UNAUTHORIZED && !challenged) {
			problem.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pipeline\"");
		}
		this.problems.write(request, response, problem);
	}

	/** 401 for a request without any credential. */
	static ApiProblem authenticationRequired() {
		return new ApiProblem(HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required",
				"Send your API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.")
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pipeline\"");
	}

	/** 401 for an unknown or revoked API key. */
	public static ApiProblem invalidApiKey() {
		return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-api-key", "Invalid API key",
				"The API key is unknown or has been revoked.")
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"pipeline\"");
	}

	private ApiProblem invalidAdminToken(@Nullable String presented) {
		String detail = !this.adminToken.configured() ? "The admin API is disabled: no admin token is configured."
				: presented == null ? "Send the admin token as 'X-Admin-Token'." : "The admin token is wrong.";
		return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-admin-token", "Invalid admin token", detail);
	}

	private static @Nullable String apiKeyOf(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String key = authorization.substring(7).trim();
			return key.isEmpty() ? null : key;
		}
		String key = request.getHeader(API_KEY_HEADER);
		return (key == null || key.isBlank()) ? null : key.trim();
	}

}
