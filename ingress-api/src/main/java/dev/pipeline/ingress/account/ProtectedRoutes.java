package dev.pipeline.ingress.account;

/**
 * Which paths need a credential: the versioned API and the compatibility routes. Health, the
 * actuator (metrics scraping) and the API docs stay open.
 */
public final class ProtectedRoutes {

	private static final String[] PREFIXES = { "/v1/", "/api/v1/", "/metrics/", "/analyze/" };

	private static final String[] EXACT = { "/v1", "/predict", "/metrics" };

	private ProtectedRoutes() {
	}

	public static boolean requiresCredential(String path) {
		for (String exact : EXACT) {
			if (path.equals(exact)) {
				return true;
			}
		}
		for (String prefix : PREFIXES) {
			if (path.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	static boolean isAdmin(String path) {
		return path.equals("/v1/admin") || path.startsWith("/v1/admin/");
	}

}
