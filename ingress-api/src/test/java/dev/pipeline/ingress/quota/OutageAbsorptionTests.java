package dev.pipeline.ingress.quota;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.account.AccountDirectory;
import dev.pipeline.ingress.account.AccountRepository;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.redis.RedisAvailability;
import dev.pipeline.ingress.redis.RedisFallbackProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Units charged straight to PostgreSQL while one instance could not reach Redis end up in
 * the Redis counter once, and in PostgreSQL once.
 */
class OutageAbsorptionTests extends IngressIntegrationTest {

	@Autowired
	QuotaGate quota;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	AccountRepository accounts;

	@Autowired
	AccountDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	QuotaProperties quotaProperties;

	@Autowired
	QuotaSynchronizer synchronizer;

	@Test
	void shouldFoldChargesMadeInPostgresIntoTheSurvivingRedisCounter() throws IOException {
		TestAccount account = createAccount(10, 600);
		Caller caller = new Caller(account.id(), false);
		this.quota.charge(caller, 2, UUID.randomUUID().toString());
		long seededAt = Long
			.parseLong(String.valueOf(this.redis.opsForHash().get(QuotaLedger.counterKey(account.id()), "seededAt")));
		await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > seededAt);

		LettuceConnectionFactory deadRedis = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("localhost", unusedPort()));
		deadRedis.afterPropertiesSet();
		deadRedis.start();
		try {
			RedisAvailability availability = new RedisAvailability(
					new RedisFallbackProperties(Duration.ofSeconds(5), Duration.ofSeconds(30)));
			QuotaLedger cutOff = new QuotaLedger(new StringRedisTemplate(deadRedis), this.accounts, this.directory,
					availability, this.quotaProperties, new SimpleMeterRegistry());
			long before = usedInPostgres(account.id());
			cutOff.charge(caller, 3, UUID.randomUUID().toString());
			assertThat(availability.isDown()).isTrue();
			assertThat(usedInPostgres(account.id())).isEqualTo(before + 3);

			// The cut-off instance's next sync runs when Redis answers it again.
			new QuotaSynchronizer(this.redis, this.jdbc, this.transactions, this.accounts, cutOff,
					new RedisAvailability(new RedisFallbackProperties(Duration.ofSeconds(5), Duration.ofSeconds(30))),
					this.quotaProperties)
				.syncAll();
		}
		finally {
			deadRedis.destroy();
		}

		assertThat(this.redis.opsForHash().get(QuotaLedger.counterKey(account.id()), "used")).isEqualTo("5");
		assertThat(usedInPostgres(account.id())).isEqualTo(5);
		this.quota.charge(caller, 5, UUID.randomUUID().toString());
		this.synchronizer.syncAll();
		assertThat(usedInPostgres(account.id())).isEqualTo(10);
		assertThat(send(clientWithKey(account.apiKey()).get().uri("/v1/account")).json()).containsEntry("quotaUsed",
				10);
	}

	private long usedInPostgres(String accountId) {
		return this.jdbc.sql("SELECT quota_used FROM accounts WHERE id = ?")
			.param(accountId)
			.query(Long.class)
			.single();
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
