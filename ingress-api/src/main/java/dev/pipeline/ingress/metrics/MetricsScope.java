package dev.pipeline.ingress.metrics;

import dev.pipeline.ingress.account.Caller;
import org.jspecify.annotations.Nullable;

/**
 * Whose traffic a caller may see. An account sees only its own windows (the aggregator's
 * ACCOUNT scope, per account and model); the admin token sees every result (MODEL scope, per
 * model and version). Without a {@link Caller} attribute (no authentication filter in front,
 * e.g. a deployment without accounts) the request is treated like the admin's view.
 */
record MetricsScope(String scope, String accountId) {

	static final MetricsScope ALL = new MetricsScope("MODEL", "*");

	static MetricsScope of(@Nullable Caller caller) {
		return (caller == null || caller.admin()) ? ALL : new MetricsScope("ACCOUNT", caller.accountId());
	}

	boolean isAccount() {
		return "ACCOUNT".equals(this.scope);
	}

}
