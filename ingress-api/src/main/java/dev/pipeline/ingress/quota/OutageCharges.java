package dev.pipeline.ingress.quota;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.ingress.account.AccountRepository;
import dev.pipeline.ingress.redis.LuaScripts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What this instance decided in PostgreSQL because it could not ask Redis, until the
 * Redis counters hold it again: units charged (or refunded) straight to
 * {@code accounts.quota_used} during an outage, and charge ids whose Redis command failed
 * ambiguously.
 *
 * <p>
 * {@link #foldIntoRedis()} brings them into Redis. {@link QuotaLedger} calls it before it
 * uses Redis again, so the first charge after an outage is decided against a counter that
 * includes the outage's usage (without that, the counter under-counts until the next sync
 * and admits more than the quota); {@link QuotaSynchronizer} calls it before each sync.
 * Another instance's outage usage reaches Redis when that instance next uses Redis or
 * syncs.
 */
@Component
class OutageCharges {

	private static final Logger log = LoggerFactory.getLogger(OutageCharges.class);

	private final RedisScript<Long> absorbScript = LuaScripts.load("quota-absorb.lua", Long.class);

	private final RedisScript<Long> settleScript = LuaScripts.load("quota-settle.lua", Long.class);

	private final StringRedisTemplate redis;

	private final AccountRepository accounts;

	private final QuotaProperties properties;

	/** Units charged straight to PostgreSQL, per account, not yet in Redis. */
	private final ConcurrentHashMap<String, OutageUnits> outageUnits = new ConcurrentHashMap<>();

	/**
	 * Charge ids whose Redis command failed ambiguously and that were decided in
	 * PostgreSQL instead, until they are settled with what Redis did.
	 */
	private final ConcurrentHashMap<String, UncertainCharge> uncertain = new ConcurrentHashMap<>();

	OutageCharges(StringRedisTemplate redis, AccountRepository accounts, QuotaProperties properties) {
		this.redis = redis;
		this.accounts = accounts;
		this.properties = properties;
	}

	/** Whether anything waits to be folded into Redis (cheap: asked on every charge). */
	boolean pending() {
		return !this.outageUnits.isEmpty() || !this.uncertain.isEmpty();
	}

	/**
	 * Units charged (negative: refunded) in PostgreSQL while Redis was not asked. The
	 * account's first such unit dates them: a counter seeded from PostgreSQL after it
	 * already holds them.
	 */
	void chargedInPostgres(String accountId, long units) {
		long now = Instant.now().toEpochMilli();
		this.outageUnits.merge(accountId, new OutageUnits(units, now),
				(current, added) -> new OutageUnits(current.units() + added.units(), current.sinceMillis()));
	}

	/** A charge id decided in PostgreSQL after its Redis command failed ambiguously. */
	void uncertain(String chargeId, UncertainCharge charge) {
		this.uncertain.put(chargeId, charge);
	}

	/**
	 * Refunds a charge that is still uncertain in PostgreSQL, where it was decided, and
	 * leaves Redis to the settlement.
	 * @return whether the id was uncertain
	 */
	boolean refundUncertain(String chargeId) {
		boolean[] found = new boolean[1];
		this.uncertain.computeIfPresent(chargeId, (id, charge) -> {
			found[0] = true;
			if (!QuotaLedger.CHARGED.equals(charge.finalState())) {
				return charge;
			}
			this.accounts.addQuotaUsed(charge.accountId(), -charge.postgresUnits());
			return new UncertainCharge(charge.accountId(), charge.units(), QuotaLedger.REFUNDED, 0,
					charge.failedAtMillis());
		});
		return found[0];
	}

	/**
	 * Settles the uncertain charge ids, then folds the outage units into the surviving
	 * counters. Throws what Redis or PostgreSQL throw; whatever was not folded stays and
	 * is folded by the next call (each step is idempotent by id or removed once done).
	 */
	synchronized void foldIntoRedis() {
		settleUncertainCharges();
		absorbOutageUnits();
	}

	/** Charge ids decided in PostgreSQL after an ambiguous Redis failure, unsettled. */
	Map<String, UncertainCharge> uncertainCharges() {
		return this.uncertain;
	}

	/**
	 * Reconciles each uncertain charge id with what Redis did ({@code quota-settle.lua}):
	 * Redis takes the id's final state, and the units PostgreSQL got directly for it are
	 * taken out again (Redis' own reach it by the sync). Per id under the map's lock, so
	 * a refund of the same id waits.
	 */
	private void settleUncertainCharges() {
		for (String chargeId : Set.copyOf(this.uncertain.keySet())) {
			this.uncertain.computeIfPresent(chargeId, (id, charge) -> {
				Long held = this.redis.execute(this.settleScript, QuotaLedger.keys(charge.accountId(), id),
						charge.finalState(), String.valueOf(charge.postgresUnits()), String.valueOf(charge.units()),
						String.valueOf(charge.failedAtMillis()), charge.accountId(), markerRetention());
				boolean redisHoldsIt = held != null && held == 1;
				log.info("Settled uncertain quota charge {} of account {} as {}: {}", id, charge.accountId(),
						charge.finalState(), redisHoldsIt ? "Redis holds it" : "PostgreSQL's copy stands");
				if (redisHoldsIt && charge.postgresUnits() != 0) {
					this.accounts.addQuotaUsed(charge.accountId(), -charge.postgresUnits());
				}
				return null;
			});
		}
	}

	private void absorbOutageUnits() {
		for (Map.Entry<String, OutageUnits> entry : Map.copyOf(this.outageUnits).entrySet()) {
			String accountId = entry.getKey();
			OutageUnits taken = entry.getValue();
			Long done = this.redis.execute(this.absorbScript, List.of(QuotaLedger.counterKey(accountId)),
					String.valueOf(taken.units()), String.valueOf(taken.sinceMillis()));
			this.outageUnits.computeIfPresent(accountId, (id, current) -> (current.units() == taken.units()) ? null
					: new OutageUnits(current.units() - taken.units(), current.sinceMillis()));
			log.info("Quota of account {} charged in PostgreSQL while Redis was unreachable: {} units, {}", accountId,
					taken.units(), (done != null && done == 1) ? "folded into its Redis counter"
							: "already in its counter, seeded from PostgreSQL since");
		}
	}

	/** How long Redis keeps a charge id's marker, in milliseconds (a script argument). */
	String markerRetention() {
		return String.valueOf(this.properties.chargeIdRetention().toMillis());
	}

	/**
	 * @param units charged in PostgreSQL and not yet in Redis (negative for refunds)
	 * @param sinceMillis when the first of them was charged, epoch ms
	 */
	private record OutageUnits(long units, long sinceMillis) {
	}

	/**
	 * A charge id decided in PostgreSQL after its Redis command failed ambiguously.
	 *
	 * @param finalState what the request ended in, {@link QuotaLedger#CHARGED} or
	 * {@link QuotaLedger#REFUNDED}
	 * @param postgresUnits what was applied to {@code accounts.quota_used} directly for
	 * this id: taken out of PostgreSQL again once Redis holds the final state, and what
	 * Redis' counter must move by when it never saw the id (the units of a charge, minus
	 * those of a refund, 0 for a charge that ended refused or refunded)
	 * @param failedAtMillis when the command failed
	 */
	record UncertainCharge(String accountId, int units, String finalState, long postgresUnits, long failedAtMillis) {
	}

}
