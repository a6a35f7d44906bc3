package dev.pipeline.ingress.quota;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.pipeline.ingress.account.AccountDirectory;
import dev.pipeline.ingress.account.AccountLimits;
import dev.pipeline.ingress.account.AccountRepository;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.account.QuotaUsage;
import dev.pipeline.ingress.quota.OutageCharges.UncertainCharge;
import dev.pipeline.ingress.ratelimit.PendingRateLimit;
import dev.pipeline.ingress.redis.LuaScripts;
import dev.pipeline.ingress.redis.RedisAvailability;
import dev.pipeline.ingress.system.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The quota of each account: one unit is one input instance of a prediction (a request
 * with three texts costs three). Decisions are made in Redis, one atomic script per
 * charge ({@code quota-charge.lua}); {@link QuotaSynchronizer} moves usage to PostgreSQL
 * as deltas. On the synchronous prediction route the request's rate limit, left pending
 * by the filter ({@link PendingRateLimit}), is decided in the same script call as the
 * charge ({@code rate-limit-and-charge.lua}).
 *
 * <p>
 * A counter missing from Redis (after a restart) is reseeded from PostgreSQL before it is
 * used, so a restart never hands out free quota. While Redis is unreachable, charges go
 * straight to PostgreSQL with one conditional UPDATE; {@link OutageCharges} remembers
 * them and folds them into the Redis counter before this instance uses Redis again
 * ({@code quota-absorb.lua}).
 *
 * <p>
 * Charges and refunds are idempotent by the request's id: the scripts mark the id, so a
 * repeat moves nothing. A Redis command that failed may still have run (a timeout after
 * Redis executed it, or a command Redis executes after the client gave up): such an id is
 * decided in PostgreSQL and remembered as {@linkplain OutageCharges.UncertainCharge
 * uncertain} until {@code quota-settle.lua} reconciles it with what Redis did. See
 * docs/accounts.md.
 */
@Component
public class QuotaLedger implements QuotaGate, QuotaUsage {

	private static final Logger log = LoggerFactory.getLogger(QuotaLedger.class);

	static final String DIRTY_SET = "quota:dirty";

	static final String CHARGED = "charged";

	static final String REFUNDED = "refunded";

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> chargeScript = LuaScripts.load("quota-charge.lua", List.class);

	/**
	 * {@code rate-limit-and-charge.lua}: the rate limit ({@code rate-limit-gcra.lua}) and
	 * the charge ({@code quota-charge.lua}) of one request in one round trip.
	 */
	@SuppressWarnings("rawtypes")
	private final RedisScript<List> limitAndChargeScript = LuaScripts.withFunctions("rate-limit-and-charge.lua",
			List.class, orderedFunctions());

	private final RedisScript<Long> refundScript = LuaScripts.load("quota-refund.lua", Long.class);

	private final RedisScript<Long> seedScript = LuaScripts.load("quota-seed.lua", Long.class);

	private final StringRedisTemplate redis;

	private final AccountRepository accounts;

	private final AccountDirectory directory;

	private final RedisAvailability availability;

	private final QuotaProperties properties;

	private final OutageCharges outage;

	/**
	 * {@code pipeline.quota.charges} by {@link #chargeKey outcome and store}, registered
	 * once.
	 */
	private final Map<String, Counter> charges = new HashMap<>();

	QuotaLedger(StringRedisTemplate redis, AccountRepository accounts, AccountDirectory directory,
			RedisAvailability availability, QuotaProperties properties, OutageCharges outage, MeterRegistry meters) {
		for (String outcome : List.of("charged", "refused")) {
			for (String store : List.of("redis", "postgres")) {
				this.charges.put(chargeKey(outcome, store),
						Counter.builder("pipeline.quota.charges")
							.description("Quota charges by outcome and by where they were decided")
							.tag("outcome", outcome)
							.tag("decidedBy", store)
							.register(meters));
			}
		}
		this.redis = redis;
		this.accounts = accounts;
		this.directory = directory;
		this.availability = availability;
		this.properties = properties;
		this.outage = outage;
	}

	@Override
	public void charge(Caller caller, int units, String chargeId) {
		String accountId = meteredAccount(caller);
		if (accountId == null || units <= 0) {
			return;
		}
		AccountLimits limits = this.directory.limits(accountId)
			.orElseThrow(() -> new IllegalStateException("authenticated account " + accountId + " is unknown"));
		Optional<PendingRateLimit> pending = PendingRateLimit.current();
		if (this.availability.shouldTry()) {
			if (pending.isPresent()) {
				limitAndCharge(pending.get(), limits, units, chargeId);
			}
			else {
				chargeWithRedis(limits, units, chargeId);
			}
			return;
		}
		if (pending.isPresent()) {
			pending.get().settle().ifPresent((refusal) -> {
				throw refusal;
			});
		}
		chargeInPostgres(limits, units);
		this.outage.chargedInPostgres(accountId, units);
	}

	/** Charges in Redis ({@code quota-charge.lua}), in PostgreSQL if Redis fails. */
	private void chargeWithRedis(AccountLimits limits, int units, String chargeId) {
		long[] outcome;
		try {
			foldOutageCharges();
			outcome = chargeInRedis(limits, units, chargeId);
			this.availability.succeeded();
		}
		catch (RuntimeException ex) {
			this.availability.failed("quota", ex);
			chargeAfterAmbiguousFailure(limits, units, chargeId);
			return;
		}
		decideInRedis(limits, units, outcome);
	}

	private void decideInRedis(AccountLimits limits, int units, long[] outcome) {
		if (outcome[0] != 1) {
			count("refused", "redis");
			throw exhausted(limits.quotaLimit(), outcome[1], units);
		}
		count("charged", "redis");
	}

	/**
	 * The rate limit and the charge in one round trip
	 * ({@code rate-limit-and-charge.lua}): the limit decides first and a refused limit
	 * charges nothing; the charge then runs as {@code quota-charge.lua} would. When the
	 * script did not charge because the counter is missing or the accounts version moved
	 * since the request's key was checked (the key is checked again first), the charge
	 * takes its own round trip ({@link #chargeWithRedis}, which reseeds a missing
	 * counter). A failed call decides both as their own failed calls would: the limit by
	 * this instance's fallback, the charge in PostgreSQL, uncertain.
	 * @throws ApiProblem the rate limit's 429, 401 for a key revoked elsewhere, or the
	 * quota's 429
	 */
	private void limitAndCharge(PendingRateLimit pending, AccountLimits limits, int units, String chargeId) {
		String accountId = limits.accountId();
		List<String> keys = new ArrayList<>(pending.scriptKeys());
		keys.addAll(keys(accountId, chargeId));
		List<String> args = new ArrayList<>(pending.scriptArguments());
		args.addAll(chargeArguments(limits, units));
		List<?> answer;
		try {
			foldOutageCharges();
			answer = this.redis.execute(this.limitAndChargeScript, keys, args.toArray());
			this.availability.succeeded();
		}
		catch (RuntimeException ex) {
			this.availability.failed("quota", ex);
			limitAfterAmbiguousFailure(pending, accountId, units, chargeId);
			chargeAfterAmbiguousFailure(limits, units, chargeId);
			return;
		}
		int at = pending.chargeAnswerAt();
		if (answer == null || answer.size() != at + 2) {
			throw new IllegalStateException("rate-limit-and-charge.lua answered " + answer);
		}
		long status = ((Number) answer.get(at)).longValue();
		pending.decided(answer, status >= 0).ifPresent((problem) -> {
			throw problem;
		});
		if (status >= 0) {
			decideInRedis(limits, units, new long[] { status, ((Number) answer.get(at + 1)).longValue() });
		}
		else {
			chargeWithRedis(limits, units, chargeId);
		}
	}

	/**
	 * The combined script failed ambiguously: the rate limit is decided as if its own
	 * call had failed (this instance's fallback), and a refusal leaves the charge id
	 * uncertain as refused, so a charge Redis made all the same is given back when it is
	 * settled.
	 */
	private void limitAfterAmbiguousFailure(PendingRateLimit pending, String accountId, int units, String chargeId) {
		Optional<ApiProblem> refusal = pending.settle();
		if (refusal.isPresent()) {
			this.outage.uncertain(chargeId,
					new UncertainCharge(accountId, units, REFUNDED, 0, Instant.now().toEpochMilli()));
			throw refusal.get();
		}
	}

	/**
	 * The script may have run although the client saw a failure, or may still run (Redis
	 * executes a command the client gave up on). Reading the id's marker now would queue
	 * behind that command on the same connection, so PostgreSQL decides and the id stays
	 * uncertain until {@link OutageCharges} settles it with Redis.
	 */
	private void chargeAfterAmbiguousFailure(AccountLimits limits, int units, String chargeId) {
		long failedAt = Instant.now().toEpochMilli();
		String accountId = limits.accountId();
		try {
			chargeInPostgres(limits, units);
		}
		catch (ApiProblem refused) {
			// Refused in PostgreSQL: if Redis charged it all the same, settling gives it
			// back.
			this.outage.uncertain(chargeId, new UncertainCharge(accountId, units, REFUNDED, 0, failedAt));
			throw refused;
		}
		this.outage.uncertain(chargeId, new UncertainCharge(accountId, units, CHARGED, units, failedAt));
	}

	@Override
	public void refund(Caller caller, int units, String chargeId) {
		String accountId = meteredAccount(caller);
		if (accountId == null || units <= 0) {
			return;
		}
		if (this.outage.refundUncertain(chargeId)) {
			return;
		}
		if (this.availability.shouldTry()) {
			try {
				foldOutageCharges();
				for (int attempt = 0; attempt < 3; attempt++) {
					Long done = this.redis.execute(this.refundScript, keys(accountId, chargeId), String.valueOf(units),
							accountId, this.outage.markerRetention());
					if (done != null && done >= 0) {
						this.availability.succeeded();
						return;
					}
					seed(accountId);
				}
				throw new IllegalStateException("quota counter of " + accountId + " vanished three times");
			}
			catch (RuntimeException ex) {
				this.availability.failed("quota", ex);
				// The script may have run, or still run: settled later against the
				// marker.
				this.accounts.addQuotaUsed(accountId, -units);
				this.outage.uncertain(chargeId,
						new UncertainCharge(accountId, units, REFUNDED, -units, Instant.now().toEpochMilli()));
				return;
			}
		}
		this.accounts.addQuotaUsed(accountId, -units);
		this.outage.chargedInPostgres(accountId, -units);
	}

	/**
	 * The account's usage as the ledger knows it (Redis, including unsynced usage), or
	 * empty when Redis has no counter for it or is unreachable (then PostgreSQL's copy is
	 * the answer).
	 */
	@Override
	public OptionalLong used(String accountId) {
		if (!this.availability.shouldTry()) {
			return OptionalLong.empty();
		}
		try {
			foldOutageCharges();
			Object used = this.redis.opsForHash().get(counterKey(accountId), "used");
			this.availability.succeeded();
			return used == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(used.toString()));
		}
		catch (RuntimeException ex) {
			this.availability.failed("quota", ex);
			return OptionalLong.empty();
		}
	}

	/**
	 * Brings what this instance decided in PostgreSQL while Redis was unreachable into
	 * Redis before Redis decides again; nothing to do (two map lookups) otherwise.
	 */
	private void foldOutageCharges() {
		if (this.outage.pending()) {
			this.outage.foldIntoRedis();
		}
	}

	private static Map<String, String> orderedFunctions() {
		Map<String, String> functions = new LinkedHashMap<>();
		functions.put("rate_limit", "rate-limit-gcra.lua");
		functions.put("charge", "quota-charge.lua");
		return functions;
	}

	static String counterKey(String accountId) {
		return "quota:" + accountId;
	}

	static List<String> keys(String accountId) {
		return List.of(counterKey(accountId), DIRTY_SET);
	}

	/** The keys of a script that charges or refunds one request's units. */
	static List<String> keys(String accountId, String chargeId) {
		return List.of(counterKey(accountId), DIRTY_SET, markerKey(chargeId));
	}

	/**
	 * Outside the {@code quota:} namespace, which holds only counters and the dirty set.
	 */
	static String markerKey(String chargeId) {
		return "quota-charge:" + chargeId;
	}

	/**
	 * @return {1 or 0 (charged or not), remaining}
	 */
	private long[] chargeInRedis(AccountLimits limits, int units, String chargeId) {
		String accountId = limits.accountId();
		for (int attempt = 0; attempt < 3; attempt++) {
			List<?> result = this.redis.execute(this.chargeScript, keys(accountId, chargeId),
					chargeArguments(limits, units).toArray());
			long status = ((Number) result.get(0)).longValue();
			if (status >= 0) {
				return new long[] { status, ((Number) result.get(1)).longValue() };
			}
			seed(accountId);
		}
		throw new IllegalStateException("quota counter of " + accountId + " vanished three times");
	}

	/** The arguments of {@code quota-charge.lua}. */
	private List<String> chargeArguments(AccountLimits limits, int units) {
		return List.of(String.valueOf(limits.quotaLimit()), String.valueOf(units), limits.accountId(),
				this.outage.markerRetention());
	}

	/** Seeds a missing counter from PostgreSQL (unless someone else did first). */
	private void seed(String accountId) {
		long used = this.accounts.quotaUsed(accountId).orElse(0);
		Long seeded = this.redis.execute(this.seedScript, List.of(counterKey(accountId)), String.valueOf(used));
		if (seeded != null && seeded == 1) {
			log.info("Quota counter of account {} was missing in Redis; seeded from PostgreSQL with {} used", accountId,
					used);
		}
	}

	private void chargeInPostgres(AccountLimits limits, int units) {
		OptionalLong remaining = this.accounts.chargeDirectly(limits.accountId(), units);
		count(remaining.isPresent() ? "charged" : "refused", "postgres");
		if (remaining.isEmpty()) {
			throw exhausted(limits.quotaLimit(), this.accounts.remaining(limits.accountId()).orElse(0), units);
		}
	}

	private ApiProblem exhausted(long limit, long remaining, int units) {
		long left = Math.max(0, remaining);
		String detail = "Quota of " + limit + " predictions used up: " + left + " left, this request needs " + units
				+ ". The quota does not renew by itself; ask an administrator to raise quotaLimit.";
		return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "quota-exhausted", "Quota exhausted", detail)
			.with("quotaLimit", limit)
			.with("quotaRemaining", left)
			.with("unitsRequested", units)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(this.properties.exhaustedRetryAfter().toSeconds()));
	}

	private void count(String outcome, String store) {
		this.charges.get(chargeKey(outcome, store)).increment();
	}

	private static String chargeKey(String outcome, String store) {
		return outcome + "/" + store;
	}

	private static @Nullable String meteredAccount(Caller caller) {
		// The admin has no quota.
		return caller.admin() ? null : caller.accountId();
	}

}
