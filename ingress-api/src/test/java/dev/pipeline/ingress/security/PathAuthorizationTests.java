package dev.pipeline.ingress.security;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.RawHttp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication and authorisation hold for the path the dispatcher routes, not only for
 * the path as written. Each protected route is sent in the spellings an attacker would
 * try (path parameters, percent-encoded letters and dots, encoded slashes and
 * backslashes, dot segments, double and trailing slashes, case changes) over a raw socket
 * to the real Tomcat, because HTTP client libraries normalise or refuse exactly these
 * request targets. None may answer 2xx without the right credential, and every answer is
 * problem+json (the Open Inference Protocol's error object under {@code /v2}).
 */
class PathAuthorizationTests extends PredictionPathTest {

	/** A job of this class's account, for the job route; made once. */
	private static @Nullable String jobId;

	/** This class's account, for the routes that name one. */
	private static @Nullable String accountId;

	/** An account that is not the job's; made once. */
	private static @Nullable String otherApiKey;

	private RawHttp raw;

	@BeforeEach
	void submitAJob() {
		this.raw = new RawHttp(this.port);
		accountId = this.account.id();
		if (jobId == null) {
			HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}");
			assertThat(accepted.statusCode()).isEqualTo(202);
			jobId = Http.json(accepted).path("id").asString();
		}
		if (otherApiKey == null) {
			otherApiKey = createAccount(1_000_000, 100_000).apiKey();
		}
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("everyRouteInEverySpelling")
	void shouldNeverServeAProtectedRouteWithoutCredentials(Route route, Spelling spelling) {
		assertRefused(route, spelling, send(route, spelling));
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("adminRoutesInEverySpelling")
	void shouldNeverLetAnAccountKeyReachAnAdminRoute(Route route, Spelling spelling) {
		assertRefused(route, spelling, send(route, spelling, "Authorization", "Bearer " + this.account.apiKey()));
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("jobRoutesInEverySpelling")
	void shouldNeverServeAJobToAnotherAccount(Route route, Spelling spelling) {
		RawHttp.Response response = send(route, spelling, "Authorization", "Bearer " + otherApiKey);

		assertRefused(route, spelling, response);
		if (spelling == Spelling.AS_WRITTEN) {
			// As if the job did not exist: no hint that the id is taken.
			assertThat(response.status()).as("%s: %s", route, response).isEqualTo(404);
		}
	}

	@ParameterizedTest(name = "{1} {0}")
	@MethodSource("everyRouteWithAnotherMethod")
	void shouldNeverAnswerAnotherMethodWithoutTheRightCredential(Route route, String method) {
		String target = target(route, Spelling.AS_WRITTEN);
		// An account key where the whole path is the admin's; elsewhere none (an account
		// may read the thresholds that only the admin may write).
		String[] credential = route.path.startsWith("/v1/admin/")
				? new String[] { "Authorization", "Bearer " + this.account.apiKey() } : new String[0];

		RawHttp.Response response = this.raw.send(method, target, null, credential);

		assertThat(response.status()).as("%s %s: %s", method, target, response).isBetween(400, 499);
	}

	@ParameterizedTest
	@EnumSource(Route.class)
	void shouldServeEveryRouteAsWrittenToItsCredential(Route route) {
		String[] credential = route.admin ? new String[] { "X-Admin-Token", ADMIN_TOKEN }
				: new String[] { "Authorization", "Bearer " + this.account.apiKey() };

		RawHttp.Response response = send(route, Spelling.AS_WRITTEN, credential);

		assertThat(response.status()).as("%s: %s", route, response).isBetween(200, 299);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/health", "/v3/api-docs" })
	void shouldLeaveThePublicPathsOpen(String path) {
		assertThat(this.raw.send("GET", path, null).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/info", "/favicon.ico", "/a-route-added-later" })
	void shouldProtectWhatIsNotListedAsPublic(String path) {
		RawHttp.Response response = this.raw.send("GET", path, null);

		assertThat(response.status()).as(path).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	static Stream<Arguments> everyRouteInEverySpelling() {
		return Arrays.stream(Route.values())
			.flatMap((route) -> Arrays.stream(Spelling.values()).map((spelling) -> Arguments.of(route, spelling)));
	}

	/**
	 * Methods a route does not declare, or declares implicitly (HEAD for GET, OPTIONS for
	 * all).
	 */
	static Stream<Arguments> everyRouteWithAnotherMethod() {
		return Arrays.stream(Route.values())
			.flatMap((route) -> Stream.of("HEAD", "OPTIONS", "DELETE").map((method) -> Arguments.of(route, method)));
	}

	/** The routes of one job, {@code {id}}, which only its account may see. */
	static Stream<Arguments> jobRoutesInEverySpelling() {
		return everyRouteInEverySpelling().filter((arguments) -> ((Route) arguments.get()[0]).path.contains("{id}"));
	}

	static Stream<Arguments> adminRoutesInEverySpelling() {
		return everyRouteInEverySpelling().filter((arguments) -> ((Route) arguments.get()[0]).admin);
	}

	/**
	 * A 4xx error: problem+json, or under {@code /v2} as written the Open Inference
	 * Protocol's error object, which its routes answer instead.
	 */
	private static void assertRefused(Route route, Spelling spelling, RawHttp.Response response) {
		String target = target(route, spelling);
		assertThat(response.status()).as("%s %s: %s", route.method, target, response).isBetween(400, 499);
		if (target.equals("/v2") || target.startsWith("/v2/") || target.startsWith("/v2;")) {
			assertThat(response.contentType()).as("%s %s: %s", route.method, target, response)
				.startsWith("application/json");
			assertThat(response.body()).as("%s %s", route.method, target).startsWith("{\"error\":");
		}
		else {
			assertThat(response.contentType()).as("%s %s: %s", route.method, target, response)
				.startsWith("application/problem+json");
		}
	}

	private RawHttp.Response send(Route route, Spelling spelling, String... headers) {
		String body = (route.body != null) ? route.body.replace("{unique}", UUID.randomUUID().toString()) : null;
		if (route.streams()) {
			// Served, the stream stays open: its status and headers are the answer.
			return this.raw.sendForHead(route.method, target(route, spelling), body, headers);
		}
		return this.raw.send(route.method, target(route, spelling), body, headers);
	}

	private static String target(Route route, Spelling spelling) {
		return spelling.spell(route.path.replace("{id}", (jobId != null) ? jobId : "none")
			.replace("{account}", (accountId != null) ? accountId : "none"));
	}

	/**
	 * Every route of the API with a handler, reading and writing: the admin routes, the
	 * ones an account key may use, and the Open Inference Protocol's; only the analysis
	 * routes are left to the analysis tests, as they answer 2xx only with an analyst
	 * running. {@code {id}} is a job of this class's account, {@code {account}} the
	 * account itself.
	 */
	enum Route {

		CREATE_ACCOUNT("POST", "/v1/admin/accounts",
				"{\"name\": \"path-authorization-{unique}\", \"quotaLimit\": 10, \"ratePerMinute\": 10}", true),
		LIST_ACCOUNTS("GET", "/v1/admin/accounts", null, true),
		GET_ACCOUNT("GET", "/v1/admin/accounts/{account}", null, true),
		LIST_KEYS("GET", "/v1/admin/accounts/{account}/keys", null, true),
		SET_THRESHOLDS("PUT", "/v1/metrics/thresholds", "{\"model\": \"path-authorization\", \"p95LatencyMs\": 1000}",
				true),
		SET_THRESHOLDS_UNVERSIONED("PUT", "/metrics/thresholds",
				"{\"model\": \"path-authorization\", \"p95LatencyMs\": 1000}", true),
		METRICS("GET", "/v1/metrics", null, false), METRICS_SUMMARY("GET", "/v1/metrics/summary", null, false),
		THRESHOLDS("GET", "/v1/metrics/thresholds", null, false), ALERTS("GET", "/v1/alerts", null, false),
		METRICS_COUNT("GET", "/v1/metrics/count", null, false),
		METRICS_COUNT_UNVERSIONED("GET", "/metrics/count", null, false),
		AGGREGATED_METRICS("POST", "/metrics/aggregated", "{\"model\": \"sentiment\", \"window\": \"1h\"}", false),
		MODELS("GET", "/v1/models", null, false), PREDICT("POST", "/predict", "{\"text\": \"good\"}", false),
		PREDICT_MODEL("POST", "/v1/models/sentiment/predict", "{\"inputs\": [\"good\"]}", false),
		SUBMIT_JOB("POST", "/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}", false),
		JOB("GET", "/v1/jobs/{id}", null, false), JOB_EVENTS("GET", "/v1/jobs/{id}/events", null, false),
		JOBS("GET", "/v1/jobs", null, false), ACCOUNT("GET", "/v1/account", null, false),
		WEBHOOK_SECRET("POST", "/v1/account/webhook-secret", null, false),
		KALMAN("POST", "/api/v1/{account}/kalman", "{\"results\": [2, 4, 6]}", false),
		SERVER_METADATA("GET", "/v2", null, false), MODEL_METADATA("GET", "/v2/models/sentiment", null, false),
		VERSION_METADATA("GET", "/v2/models/sentiment/versions/1", null, false),
		MODEL_READY("GET", "/v2/models/sentiment/ready", null, false),
		VERSION_READY("GET", "/v2/models/sentiment/versions/1/ready", null, false),
		INFER("POST", "/v2/models/sentiment/infer", Route.TENSOR, false),
		INFER_VERSION("POST", "/v2/models/sentiment/versions/1/infer", Route.TENSOR, false);

		private static final String TENSOR = "{\"inputs\": [{\"name\": \"text\", \"shape\": [1], \"datatype\": \"BYTES\","
				+ " \"data\": [\"good\"]}]}";

		final String method;

		final String path;

		final @Nullable String body;

		final boolean admin;

		Route(String method, String path, @Nullable String body, boolean admin) {
			this.method = method;
			this.path = path;
			this.body = body;
			this.admin = admin;
		}

		/** Whether the route answers a stream of events rather than one body. */
		boolean streams() {
			return this == JOB_EVENTS;
		}

	}

	/**
	 * Ways to write a path that a lenient container or router may still map to the route.
	 */
	enum Spelling {

		AS_WRITTEN((path) -> path), PATH_PARAMETER_ON_FIRST_SEGMENT((path) -> path.replaceFirst("^(/[^/]+)", "$1;x")),
		EMPTY_PATH_PARAMETER((path) -> path.replaceFirst("^(/[^/]+)", "$1;")),
		SESSION_ID_AT_THE_END((path) -> path + ";jsessionid=x"),
		ENCODED_FIRST_LETTER((path) -> "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2)),
		ENCODED_LAST_LETTER((path) -> path.substring(0, path.length() - 1) + "%"
				+ Integer.toHexString(path.charAt(path.length() - 1)).toUpperCase(Locale.ROOT)),
		ENCODED_DOT_SEGMENT((path) -> "/%2e" + path), ENCODED_DOT_DOT_SEGMENT((path) -> "/x/%2e%2e" + path),
		ENCODED_SEMICOLON((path) -> path.replaceFirst("^(/[^/]+)", "$1%3bx")),
		ENCODED_SLASH((path) -> "/%2f" + path.substring(1)), ENCODED_BACKSLASH((path) -> "/x%5c.." + path),
		BACKSLASH((path) -> "/x\\.." + path), DOT_SEGMENT((path) -> "/." + path),
		DOT_DOT_SEGMENT((path) -> "/x/.." + path), TRAILING_DOT((path) -> path + "/."),
		LEADING_DOUBLE_SLASH((path) -> "/" + path),
		INNER_DOUBLE_SLASH((path) -> path.replaceFirst("^(/[^/]+)/", "$1//")), TRAILING_SLASH((path) -> path + "/"),
		CAPITAL_FIRST_LETTER((path) -> "/" + Character.toUpperCase(path.charAt(1)) + path.substring(2)),
		UPPER_CASE((path) -> path.toUpperCase(Locale.ROOT));

		private final UnaryOperator<String> spelling;

		Spelling(UnaryOperator<String> spelling) {
			this.spelling = spelling;
		}

		String spell(String path) {
			return this.spelling.apply(path);
		}

	}

}
