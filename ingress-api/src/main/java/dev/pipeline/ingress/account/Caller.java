package dev.pipeline.ingress.account;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated principal behind a request, set as a request attribute by the
 * authentication filter. Handlers take it as a plain {@code Caller caller} parameter (see
 * {@link CallerArgumentResolver}); a handler is never run for a request without one.
 *
 * @param accountId the account the API key belongs to; {@code null} for the admin
 * @param admin whether the request carried the admin token instead of an API key
 */
public record Caller(@Nullable String accountId, boolean admin) {

	public static final String ATTRIBUTE = "dev.pipeline.ingress.caller";

	/**
	 * The caller the authentication filter set on this request. Without one the request
	 * was never authenticated, and it is refused with 401, whatever the path: no request
	 * is ever served as "nobody", let alone as the admin.
	 * @throws dev.pipeline.ingress.system.ApiProblem 401 {@code authentication-required}
	 */
	public static Caller of(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof Caller caller) {
			return caller;
		}
		throw AuthenticationFilter.authenticationRequired();
	}

	/**
	 * Whether this caller may see or act on resources of the given account: its own, or
	 * any as admin. Routes answer 403 ({@code /api/v1/{account_id}/kalman}) or 404 (jobs)
	 * otherwise.
	 */
	public boolean mayActFor(@Nullable String ownerAccountId) {
		return this.admin || (this.accountId != null && this.accountId.equals(ownerAccountId));
	}

}
