package dev.pipeline.ingress.account;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.ingress.BlackHoleRelay;
import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.servers.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.pipeline.ingress.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingress instance whose PostgreSQL stops answering (a black hole: connections open,
 * nothing comes back) answers at once and never 500: unknown keys get 503 with
 * {@code Retry-After}, keys it knew before the outage keep working from its cache, and
 * every route that reads PostgreSQL (the lists of jobs, alerts and accounts, metrics)
 * answers 503 with {@code Retry-After} as well. The shared PostgreSQL keeps running; only
 * this instance's path to it is cut.
 */
class DatabaseOutageTests extends IngressIntegrationTest {

	/**
	 * Each request of these tests must be answered within this bound: well above the
	 * connection and socket timeouts of application.yml, well below the 30 s a black hole
	 * used to cost.
	 */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(20);

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	static BlackHoleRelay relay;

	static ConfigurableApplicationContext instance;

	@BeforeAll
	static void startInstanceBehindRelay() {
		relay = BlackHoleRelay.to(servers.postgres().port());
		instance = startAnotherInstance(Map.of("spring.datasource.url",
				"jdbc:postgresql://localhost:" + relay.port() + "/" + PostgresServer.DATABASE,
				// Every lookup is due again at once, so each request after the cut asks
				// the database.
				"ingress.accounts.key-cache-ttl", "1ms"));
	}

	@AfterEach
	void reconnect() {
		relay.restore();
	}

	@AfterAll
	static void stopInstance() {
		instance.close();
		relay.close();
	}

	@Test
	void shouldAnswerAnUnknownKey503WithRetryAfterWhileTheDatabaseIsUnreachable() throws Exception {
		relay.blackHole();

		HttpResponse<String> reply = get("/v1/models", ApiKeys.newKey());

		assertThat(reply.statusCode()).isEqualTo(503);
		assertThat(reply.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(reply.headers().firstValue("Retry-After"))
			.hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
		assertThat(reply.headers().firstValue("X-Request-Id")).isPresent();
		JsonNode problem = json(reply);
		assertThat(problem.get("type").asString()).isEqualTo("urn:pipeline:problem:database-unavailable");
		assertThat(problem.get("status").asInt()).isEqualTo(503);
	}

	@Test
	void shouldKeepServingAKeyKnownBeforeTheOutage() throws Exception {
		TestAccount account = createAccount(1000, 600);
		awaitServed(account.apiKey());
		double staleBefore = lookups("stale");
		relay.blackHole();

		HttpResponse<String> reply = get("/v1/models", account.apiKey());

		assertThat(reply.statusCode()).isEqualTo(200);
		assertThat(lookups("stale")).isGreaterThan(staleBefore);
	}

	@Test
	void shouldAnswer503FromAHandlerThatNeedsTheDatabase() throws Exception {
		TestAccount account = createAccount(1000, 600);
		awaitServed(account.apiKey());
		relay.blackHole();

		// Authentication passes from the cache; the account view itself needs PostgreSQL.
		HttpResponse<String> reply = get("/v1/account", account.apiKey());

		assertThat(reply.statusCode()).isEqualTo(503);
		assertThat(reply.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(reply.headers().firstValue("Retry-After")).isPresent();
		assertThat(json(reply).get("type").asString()).isEqualTo("urn:pipeline:problem:database-unavailable");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/jobs", "/v1/jobs?status=QUEUED&limit=5", "/v1/jobs/{uuid}", "/v1/alerts",
			"/v1/metrics", "/v1/metrics/summary" })
	void shouldAnswerAnAccountsReadingRoute503WithRetryAfter(String path) throws Exception {
		TestAccount account = createAccount(1000, 600);
		awaitServed(account.apiKey());
		relay.blackHole();

		assertDatabaseUnavailable(get(path.replace("{uuid}", UUID.randomUUID().toString()), "Authorization",
				"Bearer " + account.apiKey()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/admin/accounts", "/v1/admin/accounts?limit=5", "/v1/admin/accounts/{account}",
			"/v1/admin/accounts/{account}/keys", "/v1/jobs?account={account}" })
	void shouldAnswerAnAdminListRoute503WithRetryAfter(String path) throws Exception {
		TestAccount account = createAccount(1000, 600);
		relay.blackHole();

		assertDatabaseUnavailable(get(path.replace("{account}", account.id()), "X-Admin-Token", ADMIN_TOKEN));
	}

	private static void assertDatabaseUnavailable(HttpResponse<String> reply) {
		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(503);
		assertThat(reply.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(reply.headers().firstValue("Retry-After"))
			.hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
		assertThat(json(reply).get("type").asString()).isEqualTo("urn:pipeline:problem:database-unavailable");
	}

	/**
	 * Waits until the instance has served the key twice in a row: the first request of an
	 * instance sees the accounts version for the first time and drops the caches again.
	 */
	private static void awaitServed(String apiKey) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(get("/v1/models", apiKey).statusCode()).isEqualTo(200);
			assertThat(get("/v1/models", apiKey).statusCode()).isEqualTo(200);
		});
	}

	/**
	 * Sends the request; the client gives up after {@link #ANSWER_BOUND}, failing the
	 * test.
	 */
	private static HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
		return get(path, "Authorization", "Bearer " + apiKey);
	}

	private static HttpResponse<String> get(String path, String header, String value)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + portOf(instance) + path))
			.header(header, value)
			.timeout(ANSWER_BOUND)
			.GET()
			.build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static double lookups(String result) {
		return instance.getBean(MeterRegistry.class).counter("pipeline.apikey.lookups", "result", result).count();
	}

}
