package dev.pipeline.ingress.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.redis.LuaScripts;
import dev.pipeline.ingress.system.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class QuotaLedgerTests extends IngressIntegrationTest {

	@Autowired
	QuotaGate quota;

	@Autowired
	QuotaSynchronizer synchronizer;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldAcceptExactlyTheQuotaUnderParallelLoad() throws Exception {
		TestAccount account = createAccount(50, 600);
		Caller caller = new Caller(account.id(), false);
		List<Callable<Boolean>> attempts = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			attempts.add(() -> {
				try {
					this.quota.charge(caller, 1, UUID.randomUUID().toString());
					return true;
				}
				catch (ApiProblem problem) {
					assertThat(problem.type()).isEqualTo("urn:pipeline:problem:quota-exhausted");
					return false;
				}
			});
		}

		ExecutorService pool = Executors.newFixedThreadPool(16);
		int accepted = 0;
		try {
			for (Future<Boolean> outcome : pool.invokeAll(attempts)) {
				accepted += outcome.get() ? 1 : 0;
			}
		}
		finally {
			pool.shutdown();
		}
		this.synchronizer.syncAll();

		assertThat(accepted).isEqualTo(50);
		assertThat(usedInPostgres(account.id())).isEqualTo(50);
		assertThat(send(clientWithKey(account.apiKey()).get().uri("/v1/account")).json()).containsEntry("quotaUsed", 50)
			.containsEntry("quotaRemaining", 0);
	}

	@Test
	void shouldChargeAllOrNothingAndRefund() {
		TestAccount account = createAccount(5, 600);
		Caller caller = new Caller(account.id(), false);

		this.quota.charge(caller, 3, UUID.randomUUID().toString());
		assertThatThrownBy(() -> this.quota.charge(caller, 3, UUID.randomUUID().toString()))
			.isInstanceOfSatisfying(ApiProblem.class, problem -> {
				assertThat(problem.status().value()).isEqualTo(429);
				assertThat(problem.headers().getFirst("Retry-After")).isNotNull();
				assertThat(problem.getMessage())
					.contains("Quota of 5 predictions used up: 2 left, this request needs 3");
			});
		String givenBack = UUID.randomUUID().toString();
		this.quota.charge(caller, 2, givenBack);
		this.quota.refund(caller, 2, givenBack);
		this.quota.charge(caller, 2, UUID.randomUUID().toString());
		this.synchronizer.syncAll();

		assertThat(usedInPostgres(account.id())).isEqualTo(5);
	}

	@Test
	void shouldNotMeterTheAdmin() {
		Caller admin = new Caller(null, true);
		MeteredState before = meteredState();

		// Far beyond any quota: were the admin metered, this would be refused, or fail to
		// find
		// an account, or at least leave a counter or a count behind.
		assertThatNoException().isThrownBy(() -> this.quota.charge(admin, 1_000_000, UUID.randomUUID().toString()));
		this.quota.refund(admin, 1_000_000, UUID.randomUUID().toString());

		assertThat(this.redis.hasKey(QuotaLedger.counterKey(null))).isFalse();
		assertThat(meteredState()).isEqualTo(before);
	}

	@Test
	void shouldCountARedeliveredSyncBatchOnce() {
		TestAccount account = createAccount(100, 600);
		Caller caller = new Caller(account.id(), false);
		List<String> keys = QuotaLedger.keys(account.id());

		// A sync that died after taking its batch out of Redis: the next run redelivers
		// it.
		this.quota.charge(caller, 4, UUID.randomUUID().toString());
		this.redis.execute(LuaScripts.load("quota-sync-begin.lua", List.class), keys, "crashed-before-postgres",
				account.id());
		// The scheduled sync of the same bean may redeliver it first: either way it
		// is counted once.
		this.synchronizer.syncAll();
		assertThat(usedInPostgres(account.id())).isEqualTo(4);

		// A sync that died after PostgreSQL committed, before Redis heard of it: not
		// counted twice.
		this.quota.charge(caller, 2, UUID.randomUUID().toString());
		this.redis.execute(LuaScripts.load("quota-sync-begin.lua", List.class), keys, "crashed-after-postgres",
				account.id());
		this.jdbc.sql("INSERT INTO quota_sync_batches (account_id, batch_id, delta) VALUES (?, ?, 2)")
			.param(account.id())
			.param("crashed-after-postgres")
			.update();
		this.jdbc.sql("UPDATE accounts SET quota_used = quota_used + 2 WHERE id = ?").param(account.id()).update();
		this.synchronizer.syncAll();

		assertThat(usedInPostgres(account.id())).isEqualTo(6);
		assertThat(this.redis.opsForHash().get(QuotaLedger.counterKey(account.id()), "batch")).isNull();
		assertThat(this.redis.opsForSet().isMember(QuotaLedger.DIRTY_SET, account.id())).isFalse();
	}

	@Test
	void shouldNeitherLoseNorForgiveUsageAcrossARedisRestart() {
		TestAccount account = createAccount(10, 600);
		Caller caller = new Caller(account.id(), false);
		this.quota.charge(caller, 7, UUID.randomUUID().toString());
		this.synchronizer.syncAll();

		restartRedis();

		assertThat(this.redis.hasKey(QuotaLedger.counterKey(account.id()))).isFalse();
		assertThat(send(clientWithKey(account.apiKey()).get().uri("/v1/account")).json()).containsEntry("quotaUsed", 7);
		this.quota.charge(caller, 3, UUID.randomUUID().toString());
		assertThatThrownBy(() -> this.quota.charge(caller, 1, UUID.randomUUID().toString()))
			.isInstanceOf(ApiProblem.class);
		this.synchronizer.syncAll();
		assertThat(usedInPostgres(account.id())).isEqualTo(10);
	}

	/**
	 * Restarts the shared Redis (it comes back empty). The kit's restart can find the
	 * port still held by the stopping server for a moment, so it is retried until the new
	 * server is up.
	 */
	private void restartRedis() {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			servers.restartRedis();
			return true;
		});
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> "PONG".equals(this.redis.execute(connection -> connection.ping(), true)));
	}

	/**
	 * What any charge or refund moves: the ledger's counter of charges and the usage of
	 * every quota counter in Redis (a sync moves {@code synced}, never {@code used}).
	 */
	private MeteredState meteredState() {
		double charges = this.meters.find("pipeline.quota.charges")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		Map<String, Object> used = new TreeMap<>();
		for (String key : this.redis.keys(QuotaLedger.counterKey("*"))) {
			if (!key.equals(QuotaLedger.DIRTY_SET)) {
				used.put(key, this.redis.opsForHash().get(key, "used"));
			}
		}
		return new MeteredState(charges, used);
	}

	private record MeteredState(double charges, Map<String, Object> usedByCounter) {
	}

	private long usedInPostgres(String accountId) {
		return this.jdbc.sql("SELECT quota_used FROM accounts WHERE id = ?")
			.param(accountId)
			.query(Long.class)
			.single();
	}

}
