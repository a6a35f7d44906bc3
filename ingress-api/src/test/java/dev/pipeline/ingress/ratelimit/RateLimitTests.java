package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestRestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RateLimitTests extends IngressIntegrationTest {

	private static final Pattern ACCOUNT_REMAINING = Pattern.compile("\"per-account\";r=(\\d+);t=(\\d+)");

	private static final Pattern ADDRESS_REMAINING = Pattern.compile("\"per-ip\";r=(\\d+);t=(\\d+)");

	/**
	 * A second ingress instance on the same Redis that trusts loopback as a reverse
	 * proxy.
	 */
	static ConfigurableApplicationContext secondInstance;

	@Autowired
	RateLimiter limiter;

	@Autowired
	StringRedisTemplate redis;

	@BeforeAll
	static void startSecondInstance() {
		secondInstance = startAnotherInstance(Map.of("ingress.rate-limit.trusted-proxies", "127.0.0.1,::1"));
	}

	@AfterAll
	static void stopSecondInstance() {
		secondInstance.close();
	}

	@Test
	void shouldCountDownAndRefuseWithATruthfulRetryAfter() {
		TestAccount account = createAccount(1000, 10);
		RestClient client = clientWithKey(account.apiKey());

		List<Long> remaining = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Reply reply = send(client.get().uri("/v1/account"));
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"per-account\";q=10;w=60, \"per-ip\";q=6000;w=60");
			remaining.add(number(ACCOUNT_REMAINING, reply.header("RateLimit"), 1));
		}
		Reply refused = send(client.get().uri("/v1/account"));
		Reply tooEarly = send(client.get().uri("/v1/account"));

		assertThat(remaining).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
		assertThat(refused.status()).isEqualTo(429);
		long retryAfter = Long.parseLong(refused.header("Retry-After"));
		// One request per 6 s comes back (60 s / 10); the refusal came less than 6 s
		// after the first.
		assertThat(retryAfter).isBetween(1L, 6L);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json()).containsEntry("type", "urn:pipeline:problem:rate-limit-exceeded")
			.containsEntry("status", 429)
			.containsEntry("detail", "Rate limit of 10 requests per minute exceeded; try again in " + retryAfter
					+ (retryAfter == 1 ? " second." : " seconds."));
		assertThat(number(ACCOUNT_REMAINING, refused.header("RateLimit"), 1)).isZero();
		assertThat(tooEarly.status()).isEqualTo(429);

		await().pollDelay(Duration.ofSeconds(retryAfter)).atMost(Duration.ofSeconds(retryAfter + 5)).until(() -> true);
		assertThat(send(client.get().uri("/v1/account")).status()).isEqualTo(200);
	}

	@Test
	void shouldShareOneLimitBetweenTwoInstances() {
		TestAccount account = createAccount(1000, 6);
		RestClient first = clientWithKey(account.apiKey());
		RestClient second = clientOf(secondInstance, account.apiKey());

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			statuses.add(send(first.get().uri("/v1/account")).status());
			statuses.add(send(second.get().uri("/v1/account")).status());
		}

		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 429, 429);
	}

	@Test
	void shouldRefuseARevokedKeyOnEveryInstanceAtOnce() {
		TestAccount account = createAccount(1000, 600);
		RestClient second = clientOf(secondInstance, account.apiKey());
		RestClient admin = TestRestClients.builder()
			.baseUrl("http://localhost:" + this.serverPort)
			.defaultHeader("X-Admin-Token", ADMIN_TOKEN)
			.build();
		Map<?, ?> key = (Map<?, ?>) ((List<?>) send(admin.get().uri("/v1/admin/accounts/{id}", account.id())).json()
			.get("keys")).get(0);
		// The second instance has the key in its cache now.
		assertThat(send(second.get().uri("/v1/account")).status()).isEqualTo(200);
		assertThat(send(second.get().uri("/v1/account")).status()).isEqualTo(200);

		assertThat(
				send(admin.delete().uri("/v1/admin/accounts/{id}/keys/{keyId}", account.id(), key.get("id"))).status())
			.isEqualTo(204);

		Reply afterRevocation = send(second.get().uri("/v1/account"));
		assertThat(afterRevocation.status()).isEqualTo(401);
		assertThat(afterRevocation.json()).containsEntry("type", "urn:pipeline:problem:invalid-api-key");
	}

	@Test
	void shouldBelieveForwardedForOnlyFromTrustedProxies() {
		TestAccount account = createAccount(1000, 60);
		RestClient behindProxy = clientOf(secondInstance, account.apiKey());
		String client = "198.51.100." + (1 + (int) (Math.random() * 250));
		String forged = "203.0.113." + (1 + (int) (Math.random() * 250));
		String ignored = "192.0.2." + (1 + (int) (Math.random() * 250));

		Reply viaProxy = send(behindProxy.get().uri("/v1/account").header("X-Forwarded-For", forged + ", " + client));
		Reply direct = send(
				clientWithKey(account.apiKey()).get().uri("/v1/account").header("X-Forwarded-For", ignored));

		assertThat(viaProxy.status()).isEqualTo(200);
		assertThat(direct.status()).isEqualTo(200);
		// The trusted proxy's last hop names the client; what the client wrote left of it
		// is not believed.
		assertThat(this.redis.hasKey("rl:ip:" + client)).isTrue();
		assertThat(this.redis.hasKey("rl:ip:" + forged)).isFalse();
		// From an untrusted peer the header is ignored altogether.
		assertThat(this.redis.hasKey("rl:ip:" + ignored)).isFalse();
		assertThat(number(ADDRESS_REMAINING, viaProxy.header("RateLimit"), 1)).isEqualTo(5999);
	}

	@Test
	void shouldAdmitAllOrNothingAcrossPolicies() {
		String tag = UUID.randomUUID().toString();
		List<RateLimitPolicy> policies = List.of(
				new RateLimitPolicy("tight", "test:tight:" + tag, 2, Duration.ofMinutes(1)),
				new RateLimitPolicy("loose", "test:loose:" + tag, 100, Duration.ofMinutes(1)));

		RateLimitDecision first = this.limiter.acquire(policies);
		RateLimitDecision second = this.limiter.acquire(policies);
		RateLimitDecision third = this.limiter.acquire(policies);

		assertThat(first.allowed()).isTrue();
		assertThat(second.allowed()).isTrue();
		assertThat(third.allowed()).isFalse();
		assertThat(third.local()).isFalse();
		assertThat(third.retryAfterSeconds()).isBetween(1L, 30L);
		assertThat(third.states().get(0).retryAfterSeconds()).isEqualTo(third.retryAfterSeconds());
		assertThat(third.states().get(1).retryAfterSeconds()).isZero();
		// The refused request consumed nothing from the policy that would have admitted
		// it.
		assertThat(third.states().get(1).remaining()).isEqualTo(98);
		// Two of 100 per minute used: the full quota is back 1.2 s after the first
		// request.
		assertThat(second.states().get(1).resetSeconds()).isBetween(1L, 2L);
	}

	private static long number(Pattern pattern, String header, int group) {
		Matcher matcher = pattern.matcher(header);
		assertThat(matcher.find()).as(header).isTrue();
		return Long.parseLong(matcher.group(group));
	}

}
