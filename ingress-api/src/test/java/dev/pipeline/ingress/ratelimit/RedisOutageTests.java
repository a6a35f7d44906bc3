package dev.pipeline.ingress.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestRestClients;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.ApiProblem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An ingress instance whose Redis is unreachable keeps serving on its fallbacks. */
class RedisOutageTests extends IngressIntegrationTest {

	static ConfigurableApplicationContext withoutRedis;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void startInstanceWithoutRedis() throws IOException {
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		withoutRedis = startAnotherInstance(Map.of("spring.data.redis.port", String.valueOf(deadPort)));
	}

	@AfterAll
	static void stopInstanceWithoutRedis() {
		withoutRedis.close();
	}

	@Test
	void shouldRateLimitOnThisInstanceAloneAndNeverAnswer500() {
		TestAccount account = createAccount(1000, 3);
		RestClient client = clientOf(withoutRedis, account.apiKey());

		List<Integer> statuses = new ArrayList<>();
		List<String> rateLimits = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Reply reply = send(client.get().uri("/v1/account"));
			statuses.add(reply.status());
			rateLimits.add(reply.header("RateLimit"));
		}

		assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
		assertThat(rateLimits.get(0)).startsWith("\"per-account\";r=2;");
		assertThat(rateLimits.get(2)).startsWith("\"per-account\";r=0;");
	}

	@Test
	void shouldChargeQuotaInPostgresWhileRedisIsDown() {
		TestAccount account = createAccount(3, 600);
		QuotaGate quota = withoutRedis.getBean(QuotaGate.class);
		Caller caller = new Caller(account.id(), false);

		quota.charge(caller, 2, UUID.randomUUID().toString());
		quota.charge(caller, 1, UUID.randomUUID().toString());

		assertThatThrownBy(() -> quota.charge(caller, 1, UUID.randomUUID().toString())).isInstanceOfSatisfying(
				ApiProblem.class,
				problem -> assertThat(problem.type()).isEqualTo("urn:pipeline:problem:quota-exhausted"));
		Long used = this.jdbc.sql("SELECT quota_used FROM accounts WHERE id = ?")
			.param(account.id())
			.query(Long.class)
			.single();
		assertThat(used).isEqualTo(3);
		Reply view = send(TestRestClients.create("http://localhost:" + portOf(withoutRedis))
			.get()
			.uri("/v1/account")
			.header("X-API-Key", account.apiKey()));
		assertThat(view.status()).isEqualTo(200);
		assertThat(view.json()).containsEntry("quotaUsed", 3).containsEntry("quotaRemaining", 0);
	}

	@Test
	void shouldAnswer503WithRetryAfterWhenAnAnalysisNeedsRedis() {
		TestAccount account = createAccount(1000, 600);

		// The analysis reports and their owners live in Redis only.
		Reply reply = send(TestRestClients.create("http://localhost:" + portOf(withoutRedis))
			.get()
			.uri("/v1/analysis/{id}", "report-" + account.id())
			.header("X-API-Key", account.apiKey()));

		assertThat(reply.status()).isEqualTo(503);
		assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
		assertThat(reply.header("Retry-After")).isNotBlank();
		assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:redis-unavailable");
	}

}
