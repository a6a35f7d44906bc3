package dev.pipeline.ingress.analysis;

import java.util.Map;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.servers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis routes of an instance whose Redis stops while it runs: reports and their
 * owners live only in Redis, so the answer is the 503 problem of every Redis outage (not
 * a 500, not a hang), and the caller is not charged. The instance has a Redis of its own,
 * so the shared one stays up for every other test.
 */
class AnalysisRedisOutageTests extends IngressIntegrationTest {

	static RedisServer ownRedis;

	static ConfigurableApplicationContext instance;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void startInstanceOnItsOwnRedis() {
		ownRedis = RedisServer.start(null, 0);
		instance = startAnotherInstance(Map.of("spring.data.redis.port", String.valueOf(ownRedis.port())));
	}

	@AfterAll
	static void stopInstance() {
		instance.close();
		ownRedis.close();
	}

	@Test
	void shouldAnswer503WithRetryAfterWhileRedisIsDown() {
		TestAccount account = createAccount(100, 600);
		RestClient client = clientOf(instance, account.apiKey());
		String model = AnnouncedModels.announce("outage-", instance.getBean(ModelCatalog.class));
		String body = "{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model);
		Reply before = send(client.post()
			.uri("/v1/analysis/performance")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=0")
			.body(body));
		assertThat(before.status()).isEqualTo(202);
		String id = (String) before.json().get("id");

		ownRedis.close();
		long usedBefore = quotaUsedInPostgres(account.id());
		Reply analyze = send(client.post()
			.uri("/v1/analysis/performance")
			.contentType(MediaType.APPLICATION_JSON)
			.header("Prefer", "wait=0")
			.body(body));
		Reply poll = send(client.get().uri("/v1/analysis/{id}", id));

		for (Reply reply : new Reply[] { analyze, poll }) {
			assertThat(reply.status()).as(reply.body()).isEqualTo(503);
			assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
			assertThat(reply.header("Retry-After")).isEqualTo("5");
			assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:redis-unavailable")
				.containsEntry("retryAfterSeconds", 5);
		}
		// Charged in PostgreSQL while Redis is down, and given back.
		assertThat(quotaUsedInPostgres(account.id())).isEqualTo(usedBefore);
	}

	private long quotaUsedInPostgres(String accountId) {
		return this.jdbc.sql("SELECT quota_used FROM accounts WHERE id = ?")
			.param(accountId)
			.query(Long.class)
			.single();
	}

}
