package dev.pipeline.ingress.metrics;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Whose traffic a caller may see. An account sees only its own windows (the aggregator's
 * ACCOUNT scope, per account and model); the admin token sees every result (MODEL scope,
 * per model and version) or, with {@code account=}, one account's traffic.
 */
record MetricsScope(String scope, String accountId) {

	static final MetricsScope ALL = new MetricsScope("MODEL", "*");

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
