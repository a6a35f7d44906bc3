package dev.pipeline.ingress.account;

import dev.pipeline.ingress.account.ProtectedRoutes.Access;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential each path needs, on its own, without the canonical-path filter in front:
 * the classification follows the path the dispatcher would match, and anything not listed
 * as public needs a credential.
 */
class ProtectedRoutesTests {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/health, PUBLIC", "/actuator/health, PUBLIC", "/actuator/health/liveness, PUBLIC",
			"/actuator/health/readiness, PUBLIC", "/v3/api-docs, PUBLIC", "/v3/api-docs.yaml, PUBLIC", "/error, PUBLIC",
			"/v1/admin, ADMIN", "/v1/admin/accounts, ADMIN", "/v1/admin/accounts/a/keys, ADMIN", "/actuator, ADMIN",
			"/actuator/prometheus, ADMIN", "/actuator/info, ADMIN", "/v2/health/live, PUBLIC",
			"/v2/health/ready, PUBLIC", "/v2, ACCOUNT", "/v2/models/sentiment, ACCOUNT",
			"/v2/models/sentiment/ready, ACCOUNT", "/v2/health/live/x, ACCOUNT", "/v1/metrics, ACCOUNT",
			"/predict, ACCOUNT", "/api/v1/a/kalman, ACCOUNT", "/metrics/count, ACCOUNT", "/, ACCOUNT",
			"/favicon.ico, ACCOUNT", "/a-route-added-later, ACCOUNT", "/console, PUBLIC", "/console/app.js, PUBLIC",
			"/webjars/uplot/1.6.30/dist/uPlot.esm.js, PUBLIC", "/webjars/swagger-ui/index.html, ACCOUNT",
			"/webjars, ACCOUNT", "/consoles, ACCOUNT" })
	void shouldDenyEverythingButThePublicPaths(String path, Access access) {
		assertThat(ProtectedRoutes.of(request("GET", path)).access()).isEqualTo(access);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/v1;x/admin/accounts, ADMIN", "/v1/admin;x/accounts, ADMIN", "/%761/admin/accounts, ADMIN",
			"/v1/%61dmin/accounts, ADMIN", "/actuator/%70rometheus, ADMIN", "/health;x, PUBLIC", "/%68ealth, PUBLIC",
			"/Health, ACCOUNT", "/health/, ACCOUNT", "/V1/admin/accounts, ACCOUNT" })
	void shouldClassifyAPathAsTheDispatcherMatchesIt(String path, Access access) {
		assertThat(ProtectedRoutes.of(request("GET", path)).access()).isEqualTo(access);
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({ "POST, /v1/models/sentiment/predict, true", "POST, /v2/models/sentiment/infer, true",
			"POST, /v2/models/sentiment/versions/1/infer, true", "POST, /v1;x/models/sentiment/predict, true",
			"POST, /v2/models/%73entiment/infer, true", "GET, /v1/models/sentiment/predict, false",
			"GET, /v2/models/sentiment/infer, false", "POST, /v1/models/sentiment/jobs, true",
			"GET, /v1/models/sentiment/jobs, false", "POST, /predict, true", "POST, /api/v1/acct-1/kalman, true",
			"POST, /v1/analysis/performance, false", "POST, /v2/models/sentiment/versions/infer, false",
			"POST, /v2/models/sentiment, false", "POST, /v1/admin/models/sentiment/predict, false" })
	void shouldKnowWhichRoutesChargeQuota(String method, String path, boolean charges) {
		assertThat(ProtectedRoutes.of(request(method, path)).chargesQuota()).isEqualTo(charges);
	}

	@Test
	void shouldClassifyARequestOnce() {
		MockHttpServletRequest request = request("POST", "/v2/models/sentiment/infer");
		ProtectedRoutes.Route route = ProtectedRoutes.of(request);
		// A later filter reads the classification of authentication, whatever the path
		// reads by then.
		request.setRequestURI("/health");

		assertThat(ProtectedRoutes.of(request)).isSameAs(route);
	}

	private static MockHttpServletRequest request(String method, String path) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setRequestURI(path);
		return request;
	}

}
