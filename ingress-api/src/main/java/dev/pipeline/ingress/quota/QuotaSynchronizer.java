package dev.pipeline.ingress.quota;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.pipeline.ingress.account.AccountRepository;
import dev.pipeline.ingress.redis.LuaScripts;
import dev.pipeline.ingress.redis.RedisAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves quota usage from Redis to {@code accounts.quota_used} as deltas, every
 * {@code ingress.quota.sync-interval}. Per account, in three steps:
 * <ol>
 * <li>{@code quota-sync-begin.lua} takes {@code used - synced} out as a batch with a
 * fresh id and marks it synced, atomically; an unacknowledged batch is handed out again
 * with the same id.</li>
 * <li>One PostgreSQL transaction records the batch id in {@code quota_sync_batches} and
 * adds the delta, only if the id is new: a redelivered batch is counted once.</li>
 * <li>{@code quota-sync-commit.lua} forgets the batch.</li>
 * </ol>
 * A crash after step 1 or 2 redelivers the batch at the next run (no loss, no double
 * count). Several instances may run this concurrently: they hand out the same pending
 * batch, and PostgreSQL's primary key on the batch id admits it once. Before each sync,
 * what this instance decided in PostgreSQL during a Redis outage is folded into Redis
 * ({@link OutageCharges}).
 */
@Component
public class QuotaSynchronizer implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(QuotaSynchronizer.class);

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> beginScript = LuaScripts.load("quota-sync-begin.lua", List.class);

	private final RedisScript<Long> commitScript = LuaScripts.load("quota-sync-commit.lua", Long.class);

	private static final long PRUNE_EVERY_MILLIS = 600_000;

	private final StringRedisTemplate redis;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final AccountRepository accounts;

	private final OutageCharges outage;

	private final RedisAvailability availability;

	private final QuotaProperties properties;

	private static final long WARN_EVERY_MILLIS = 60_000;

	private long lastPruneMillis;

	private volatile long lastWarnMillis;

	QuotaSynchronizer(StringRedisTemplate redis, JdbcClient jdbc, TransactionTemplate transactions,
			AccountRepository accounts, OutageCharges outage, RedisAvailability availability,
			QuotaProperties properties) {
		this.redis = redis;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.accounts = accounts;
		this.outage = outage;
		this.availability = availability;
		this.properties = properties;
	}

	/**
	 * Syncs every {@code ingress.quota.sync-interval}, the first time one interval after
	 * start.
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.syncInterval();
		registrar.addFixedDelayTask(new FixedDelayTask(this::scheduledSync, interval, interval));
	}

	void scheduledSync() {
		if (!this.availability.shouldTry()) {
			return;
		}
		try {
			syncAll();
		}
		catch (RuntimeException ex) {
			long now = System.currentTimeMillis();
			// Every interval would flood the log during an outage; once a minute says
			// enough.
			if (now - this.lastWarnMillis >= WARN_EVERY_MILLIS) {
				this.lastWarnMillis = now;
				log.warn("Quota sync to PostgreSQL failed, retrying every {}: {}", this.properties.syncInterval(),
						ex.getMessage());
			}
		}
	}

	/**
	 * Syncs every account with usage not yet in PostgreSQL.
	 * @return the units moved to PostgreSQL (negative when refunds dominate)
	 */
	public synchronized long syncAll() {
		this.outage.foldIntoRedis();
		long moved = 0;
		Set<String> dirty = this.redis.opsForSet().members(QuotaLedger.DIRTY_SET);
		if (dirty != null) {
			for (String accountId : dirty) {
				moved += sync(accountId);
			}
		}
		pruneOldBatches();
		return moved;
	}

	private long sync(String accountId) {
		List<String> keys = QuotaLedger.keys(accountId);
		List<?> batch = this.redis.execute(this.beginScript, keys, UUID.randomUUID().toString(), accountId);
		if (batch == null || batch.isEmpty()) {
			return 0;
		}
		String batchId = batch.get(0).toString();
		long delta = Long.parseLong(batch.get(1).toString());
		this.transactions.executeWithoutResult(status -> {
			int recorded = this.jdbc.sql("""
					INSERT INTO quota_sync_batches (account_id, batch_id, delta) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING""").params(accountId, batchId, delta).update();
			if (recorded == 1) {
				this.accounts.addQuotaUsed(accountId, delta);
			}
		});
		this.redis.execute(this.commitScript, keys, batchId, accountId);
		return delta;
	}

	private void pruneOldBatches() {
		long now = System.currentTimeMillis();
		if (now - this.lastPruneMillis < PRUNE_EVERY_MILLIS) {
			return;
		}
		this.lastPruneMillis = now;
		this.jdbc.sql("DELETE FROM quota_sync_batches WHERE applied_at < ?")
			.param(Timestamp.from(Instant.now().minus(this.properties.syncBatchRetention())))
			.update();
	}

}
