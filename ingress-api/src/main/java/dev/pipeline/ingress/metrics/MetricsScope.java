package dev.pipeline.ingress.metrics;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.QueryParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Whose traffic a caller may see. An account sees only its own windows (the aggregator's
 * ACCOUNT scope, per account and model); the admin token sees every result (MODEL scope,
 * per model and version, or one version's with {@code version=}) or, with
 * {@code account=}, one account's traffic.
 */
record MetricsScope(String scope, String accountId, @Nullable String modelVersion) {

	static final MetricsScope ALL = new MetricsScope("MODEL", "*");

	MetricsScope(String scope, String accountId) {
		this(scope, accountId, null);
	}

	/**
	 * As {@link #of(Caller, String)}, narrowed to one model version: the all-traffic
	 * windows are per model and version, so two versions served at once (a canary and its
	 * baseline) compare side by side.
	 * @param version the version, {@code null} for all
	 * @throws ApiProblem 422 for a version with an account's scope, whose windows sum up
	 * every version
	 */
	static MetricsScope of(Caller caller, @Nullable String account, @Nullable String version) {
		MetricsScope scope = of(caller, account);
		String requested = (version == null || version.isBlank()) ? null : version.trim();
		if (requested == null) {
			return scope;
		}
		if (scope.isAccount()) {
			throw QueryParameters.invalidParameter("version",
					"An account's windows count all versions together; per version, ask with the admin token "
							+ "and without account.");
		}
		return new MetricsScope(scope.scope(), scope.accountId(), requested);
	}

	static MetricsScope of(Caller caller) {
		return of(caller, null);
	}

	static MetricsScope of(Caller caller, @Nullable String account) {
		String requested = (account == null || account.isBlank()) ? null : account.trim();
		if (caller.admin()) {
			return (requested != null) ? new MetricsScope("ACCOUNT", requested) : ALL;
		}
		if (requested != null && !requested.equals(caller.accountId())) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-account", "Not your account",
					"An API key sees only its own account's metrics; omit 'account' or use the admin token.");
		}
		return new MetricsScope("ACCOUNT", caller.accountId());
	}

	boolean isAccount() {
		return "ACCOUNT".equals(this.scope);
	}

}
