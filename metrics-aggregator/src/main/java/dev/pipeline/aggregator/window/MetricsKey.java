package dev.pipeline.aggregator.window;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.contracts.InferenceResult;

/**
 * What a window aggregates over. Every result counts once in the MODEL scope (per model
 * and version) and, when it has an account, once in the ACCOUNT scope (per account and
 * model, all versions). The placeholders keep the PostgreSQL primary key free of NULLs.
 */
public record MetricsKey(Scope scope, String accountId, String model, String modelVersion) {

	/**
	 * The placeholder for "all accounts" (MODEL scope) and "all versions" (ACCOUNT
	 * scope).
	 */
	public static final String ALL = "*";

	/** The version of a result that did not name one (e.g. an unknown model). */
	public static final String UNKNOWN_VERSION = "unknown";

	public enum Scope {

		MODEL, ACCOUNT

	}

	public static List<MetricsKey> of(InferenceResult result) {
		List<MetricsKey> keys = new ArrayList<>(2);
		String version = (result.modelVersion() != null) ? result.modelVersion() : UNKNOWN_VERSION;
		keys.add(new MetricsKey(Scope.MODEL, ALL, result.model(), version));
		if (result.accountId() != null) {
			keys.add(new MetricsKey(Scope.ACCOUNT, result.accountId(), result.model(), ALL));
		}
		return keys;
	}

	/**
	 * A stable text form, used as the key of the window-update topic (so it compacts per
	 * window).
	 */
	public String asText() {
		return this.scope + "|" + this.accountId + "|" + this.model + "|" + this.modelVersion;
	}

}
