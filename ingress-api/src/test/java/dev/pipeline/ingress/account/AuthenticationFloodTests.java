package dev.pipeline.ingress.account;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.IngressIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Floods of wrong API keys, on an instance of their own with a small key cache and a low
 * limit of failed authentications. The instance trusts the test's loopback connection as
 * a proxy, so {@code X-Forwarded-For} plays the attacker's addresses.
 */
class AuthenticationFloodTests extends IngressIntegrationTest {

	private static final int FAILURES_PER_MINUTE = 5;

	private static final int KEY_CACHE_SIZE = 100;

	static ConfigurableApplicationContext instance;

	@BeforeAll
	static void startInstance() {
		instance = startAnotherInstance(Map.of("ingress.accounts.key-cache-size", String.valueOf(KEY_CACHE_SIZE),
				"ingress.accounts.failed-authentications-per-minute", String.valueOf(FAILURES_PER_MINUTE),
				"ingress.rate-limit.trusted-proxies", "127.0.0.1,::1"));
	}

	@AfterAll
	static void stopInstance() {
		instance.close();
	}

	@Test
	void shouldKeepAValidKeyCachedThroughAFloodOfRandomKeys() {
		TestAccount account = createAccount(1000, 6000);
		Http client = new Http(portOf(instance));
		awaitServed(client, account.apiKey());

		// 50 times the cache size, each from its own address so that no address is
		// refused.
		int flood = 50 * KEY_CACHE_SIZE;
		for (int i = 0; i < flood; i++) {
			HttpResponse<String> reply = client.get("/v1/models", "Authorization", "Bearer " + ApiKeys.newKey(),
					"X-Forwarded-For", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
			assertThat(reply.statusCode()).isEqualTo(401);
		}
		double missesBefore = lookups("miss");

		HttpResponse<String> reply = client.get("/v1/models", "Authorization", "Bearer " + account.apiKey());

		assertThat(reply.statusCode()).isEqualTo(200);
		assertThat(lookups("miss")).as("PostgreSQL lookups for the valid key").isEqualTo(missesBefore);
		// The caches are Caffeine's, bounded, and report to Micrometer.
		MeterRegistry meters = instance.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(meters.get("cache.size").tag("cache", "apikeys.unknown").gauge().value())
				.isLessThanOrEqualTo(KEY_CACHE_SIZE));
		assertThat(meters.get("cache.evictions").tag("cache", "apikeys.unknown").functionCounter().count())
			.isGreaterThanOrEqualTo(flood - KEY_CACHE_SIZE);
		assertThat(meters.get("cache.gets").tags("cache", "apikeys.known", "result", "hit").functionCounter().count())
			.isPositive();
		assertThat(meters.get("cache.size").tag("cache", "authentication.failures").gauge().value()).isPositive();
	}

	@Test
	void shouldRefuseAnAddressThatKeepsFailingWithoutAskingTheDatabase() {
		TestAccount account = createAccount(1000, 6000);
		Http attacker = new Http(portOf(instance), "X-Forwarded-For", "192.0.2.77");
		for (int i = 0; i < FAILURES_PER_MINUTE; i++) {
			assertThat(attacker.get("/v1/models", "Authorization", "Bearer " + ApiKeys.newKey()).statusCode())
				.isEqualTo(401);
		}
		double missesBefore = lookups("miss");

		HttpResponse<String> refused = attacker.get("/v1/models", "Authorization", "Bearer " + ApiKeys.newKey());

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.headers().firstValue("Retry-After"))
			.hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
		JsonNode problem = Http.json(refused);
		assertThat(problem.get("type").asString()).isEqualTo("urn:pipeline:problem:too-many-failed-authentications");
		assertThat(lookups("miss")).as("PostgreSQL lookups for a refused address").isEqualTo(missesBefore);
		// Even a right key is refused from there: otherwise guessing would go on, told
		// apart by 200.
		assertThat(attacker.get("/v1/models", "Authorization", "Bearer " + account.apiKey()).statusCode())
			.isEqualTo(429);
		assertThat(attacker.get("/v1/models", "X-Admin-Token", ADMIN_TOKEN).statusCode()).isEqualTo(429);
		// Other addresses are not affected.
		Http neighbour = new Http(portOf(instance), "X-Forwarded-For", "192.0.2.78");
		assertThat(neighbour.get("/v1/models", "Authorization", "Bearer " + account.apiKey()).statusCode())
			.isEqualTo(200);
	}

	/**
	 * Waits until the instance has served the key twice in a row: the first request of an
	 * instance sees the accounts version for the first time and drops the caches again.
	 */
	private static void awaitServed(Http client, String apiKey) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(client.get("/v1/models", "Authorization", "Bearer " + apiKey).statusCode()).isEqualTo(200);
			assertThat(client.get("/v1/models", "Authorization", "Bearer " + apiKey).statusCode()).isEqualTo(200);
		});
	}

	private static double lookups(String result) {
		return instance.getBean(MeterRegistry.class).counter("pipeline.apikey.lookups", "result", result).count();
	}

}
