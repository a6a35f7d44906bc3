package dev.pipeline.ingress.job;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.replica.ReplicaReads;
import dev.pipeline.ingress.system.PageCursor;
import dev.pipeline.ingress.system.PageRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Jobs in PostgreSQL ({@code inference_jobs}, schema V1, V5_1, V6_1 and V17_1). The
 * ingress writes a row when it hands out a job id, so the job is readable before its
 * result arrives and survives an ingress restart; the results themselves
 * ({@code inference_results}) are written by the metrics-aggregator, and a job is read as
 * the join of both, unless {@link JobReaper} expired it first. Requests that were
 * answered synchronously or came from direct producers have only a result row and are
 * readable too.
 *
 * <p>
 * Ownership: a job row is only ever inserted (never updated to another account), and a
 * job shows only a result of its own account. Job ids are the ingress's UUIDs, but anyone
 * with access to Kafka can write a result under any id, and such a result must not
 * surface in another account's job.
 */
@Repository
class JobStore {

	private static final String COLUMNS_FROM_RESULT = """
			r.status, r.model_version, r.outputs::text AS outputs, r.error_code, r.error_message, r.completed_at,
			coalesce(r.queue_ms, 0) AS queue_ms, coalesce(r.inference_ms, 0) AS inference_ms""";

	/**
	 * A job the reaper expired reads EXPIRED with the reaper's reason; its result is not
	 * joined at all, so one that lands later changes nothing (first final state wins).
	 */
	private static final String COLUMNS_OF_JOB = """
			CASE WHEN j.expiry_code IS NOT NULL THEN 'EXPIRED' ELSE r.status END AS status, r.model_version,
			r.outputs::text AS outputs, coalesce(j.expiry_code, r.error_code) AS error_code,
			coalesce(j.expiry_message, r.error_message) AS error_message,
			CASE WHEN j.expiry_code IS NOT NULL THEN j.settled_at ELSE r.completed_at END AS completed_at,
			coalesce(r.queue_ms, 0) AS queue_ms, coalesce(r.inference_ms, 0) AS inference_ms""";

	/** A job's status as {@code GET /v1/jobs/{id}} shows it, for the list's filter. */
	private static final String STATUS = """
			(CASE WHEN j.expiry_code IS NOT NULL THEN 'EXPIRED' ELSE coalesce(r.status, 'QUEUED') END)""";

	/**
	 * Settles up to {@code :limit} jobs whose deadline is before {@code :cutoff}, each
	 * once: a job with a result of its own account is only marked settled; one without is
	 * expired, and its outbox row, if it was never sent, is dropped with it.
	 */
	private static final String SETTLE = """
			WITH due AS (
			    SELECT j.id, EXISTS (SELECT 1 FROM inference_results r
			        WHERE r.id = j.id AND r.account_id IS NOT DISTINCT FROM j.account_id) AS answered
			    FROM inference_jobs j
			    WHERE j.settled_at IS NULL AND j.deadline < :cutoff
			    ORDER BY j.deadline LIMIT :limit
			    FOR UPDATE OF j SKIP LOCKED
			), undelivered AS (
			    DELETE FROM job_outbox o USING due WHERE o.job_id = due.id AND NOT due.answered RETURNING o.job_id
			)
			UPDATE inference_jobs j SET settled_at = :now,
			    expiry_code = CASE WHEN due.answered THEN NULL
			        WHEN j.id IN (SELECT job_id FROM undelivered) THEN :notDeliveredCode ELSE :noResultCode END,
			    expiry_message = CASE WHEN due.answered THEN NULL
			        WHEN j.id IN (SELECT job_id FROM undelivered) THEN :notDeliveredMessage ELSE :noResultMessage END
			FROM due WHERE j.id = due.id""";

	private final JdbcClient jdbc;

	private final ReplicaReads reads;

	JobStore(JdbcClient jdbc, ReplicaReads reads) {
		this.jdbc = jdbc;
		this.reads = reads;
	}

	void recordQueued(InferenceRequest request, @Nullable String clientRequestId) {
		this.jdbc.sql("""
				INSERT INTO inference_jobs (id, account_id, client_request_id, model, submitted_at, deadline)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
			.params(request.id(), request.accountId(), clientRequestId, request.model(),
					timestamp(request.submittedAt()), timestamp(request.deadline()))
			.update();
	}

	/**
	 * @param callbackUrl where the job's final state is sent (schema V16_2), if anywhere
	 * @throws org.springframework.dao.DuplicateKeyException when the id is taken
	 */
	void insert(InferenceRequest request, @Nullable String clientRequestId, @Nullable String idempotencyKey,
			@Nullable String requestHash, @Nullable URI callbackUrl) {
		this.jdbc.sql("""
				INSERT INTO inference_jobs (id, account_id, client_request_id, model, submitted_at, deadline,
				    idempotency_key, request_hash, callback_url)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(request.id(), request.accountId(), clientRequestId, request.model(),
					timestamp(request.submittedAt()), timestamp(request.deadline()), idempotencyKey, requestHash,
					(callbackUrl != null) ? callbackUrl.toString() : null)
			.update();
	}

	/**
	 * Gives every job still waiting for its result at {@code cutoff} its final state (see
	 * {@link JobReaper}), in batches of {@code limit} jobs.
	 * @return how many jobs of this batch were settled; fewer than {@code limit} when no
	 * more are due (or other instances hold them)
	 */
	int settle(Instant now, Instant cutoff, int limit) {
		return this.jdbc.sql(SETTLE)
			.param("cutoff", timestamp(cutoff))
			.param("limit", limit)
			.param("now", timestamp(now))
			.param("notDeliveredCode", Expiry.NOT_DELIVERED.code())
			.param("notDeliveredMessage", Expiry.NOT_DELIVERED.message())
			.param("noResultCode", Expiry.NO_RESULT.code())
			.param("noResultMessage", Expiry.NO_RESULT.message())
			.update();
	}

	/** Why the reaper expired a job: {@code error} of the job's EXPIRED answer. */
	enum Expiry {

		NO_RESULT("No result arrived before the request's deadline and the grace after it: the request was lost"
				+ " or could not be answered."),

		NOT_DELIVERED("The request could not be handed to the workers before its deadline (Kafka was unavailable).");

		private final String message;

		Expiry(String message) {
			this.message = message;
		}

		String code() {
			return name();
		}

		String message() {
			return this.message;
		}

	}

	/**
	 * Serialises submissions with the same key until the surrounding transaction ends.
	 * The unique index of V1 cannot do it alone: it treats anonymous (NULL account) keys
	 * as distinct.
	 */
	void lockKey(@Nullable String accountId, String idempotencyKey) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
			.param(((accountId != null) ? accountId : "") + "\n" + idempotencyKey)
			.query((rs, row) -> 1)
			.list();
	}

	Optional<KeyedJob> findByKey(@Nullable String accountId, String idempotencyKey) {
		return this.jdbc.sql("""
				SELECT id, request_hash, submitted_at FROM inference_jobs
				WHERE account_id IS NOT DISTINCT FROM ? AND idempotency_key = ?""")
			.params(accountId, idempotencyKey)
			.query((rs, row) -> new KeyedJob(rs.getString("id"), rs.getString("request_hash"),
					instant(rs, "submitted_at")))
			.optional();
	}

	/** Frees an expired key from its old job so it can name a new one. */
	void releaseKey(String jobId) {
		this.jdbc.sql("UPDATE inference_jobs SET idempotency_key = NULL, request_hash = NULL WHERE id = ?")
			.param(jobId)
			.update();
	}

	/** A job as the primary has it: for the submitting path, right after its writes. */
	Optional<JobRecord> find(String id) {
		return find(this.jdbc, id);
	}

	/**
	 * A job for {@code GET /v1/jobs/{id}}: from the read replica when it has the job,
	 * else from the primary, as a job just submitted may not have reached the replica. A
	 * job the replica has may be behind the primary by the replica's lag, as a poll that
	 * comes a moment later is.
	 */
	Optional<JobRecord> poll(String id) {
		return this.reads.find((source) -> find(source.jdbcClient(), id));
	}

	private static Optional<JobRecord> find(JdbcClient jdbc, String id) {
		return jdbc.sql("""
				SELECT j.id, j.account_id, j.client_request_id, j.model, j.submitted_at, %1$s
				FROM inference_jobs j
				LEFT JOIN inference_results r ON r.id = j.id AND r.account_id IS NOT DISTINCT FROM j.account_id
				    AND j.expiry_code IS NULL
				WHERE j.id = :id
				UNION ALL
				SELECT r.id, r.account_id, NULL AS client_request_id, r.model,
				    coalesce(r.submitted_at, r.completed_at) AS submitted_at, %2$s
				FROM inference_results r
				WHERE r.id = :id AND NOT EXISTS (SELECT 1 FROM inference_jobs j WHERE j.id = :id)
				""".formatted(COLUMNS_OF_JOB, COLUMNS_FROM_RESULT)).param("id", id).query(JobStore::record).optional();
	}

	/**
	 * One page of jobs, newest first (keyset on {@code (submitted_at, id)}, schema
	 * V17_1): only jobs the ingress handed out ({@code inference_jobs}), not results of
	 * synchronous calls answered in time. The indexes lead with the account and the
	 * model, so each filter combination reads the index in order and stops after the
	 * page; the status, computed from the joined result, is a filter on that walk. Read
	 * from the read replica when there is one: a list may lag by the replica's delay.
	 */
	List<JobRecord> list(JobFilter filter, PageRequest page) {
		return this.reads.read((source) -> list(source.jdbcClient(), filter, page));
	}

	private static List<JobRecord> list(JdbcClient jdbc, JobFilter filter, PageRequest page) {
		List<String> conditions = new ArrayList<>(List.of("j.submitted_at >= :from"));
		if (filter.accountId() != null) {
			conditions.add("j.account_id = :account");
		}
		if (filter.model() != null) {
			conditions.add("j.model = :model");
		}
		if (filter.to() != null) {
			conditions.add("j.submitted_at < :to");
		}
		if (filter.status() != null) {
			conditions.add(STATUS + " = :status");
		}
		if (page.after() != null) {
			conditions.add("(j.submitted_at, j.id) < (:afterAt, :afterId)");
		}
		JdbcClient.StatementSpec statement = jdbc.sql("""
				SELECT j.id, j.account_id, j.client_request_id, j.model, j.submitted_at, %s
				FROM inference_jobs j
				LEFT JOIN inference_results r ON r.id = j.id AND r.account_id IS NOT DISTINCT FROM j.account_id
				    AND j.expiry_code IS NULL
				WHERE %s
				ORDER BY j.submitted_at DESC, j.id DESC
				LIMIT :rows""".formatted(COLUMNS_OF_JOB, String.join(" AND ", conditions)))
			.param("from", timestamp(filter.from()))
			.param("rows", page.rowsToRead());
		if (filter.accountId() != null) {
			statement = statement.param("account", filter.accountId());
		}
		if (filter.model() != null) {
			statement = statement.param("model", filter.model());
		}
		if (filter.to() != null) {
			statement = statement.param("to", timestamp(filter.to()));
		}
		if (filter.status() != null) {
			statement = statement.param("status", filter.status());
		}
		if (page.after() != null) {
			statement = statement.param("afterAt", timestamp(page.after().at())).param("afterId", page.after().id());
		}
		return statement.query(JobStore::record).list();
	}

	/** The sort key of a job in {@link #list}. */
	static PageCursor key(JobRecord job) {
		return new PageCursor(job.submittedAt(), job.id());
	}

	/**
	 * Which jobs {@link #list} shows.
	 *
	 * @param accountId the owner; {@code null} for all accounts (the admin)
	 * @param status {@code QUEUED}, {@code SUCCEEDED}, {@code FAILED} or {@code EXPIRED}
	 * @param from submitted at or after (never before the retention)
	 * @param to submitted before
	 */
	record JobFilter(@Nullable String accountId, @Nullable String model, @Nullable String status, Instant from,
			@Nullable Instant to) {
	}

	private static JobRecord record(ResultSet rs, int row) throws SQLException {
		return new JobRecord(rs.getString("id"), rs.getString("account_id"), rs.getString("client_request_id"),
				rs.getString("model"), instant(rs, "submitted_at"), rs.getString("status"),
				rs.getString("model_version"), rs.getString("outputs"), rs.getString("error_code"),
				rs.getString("error_message"), instant(rs, "completed_at"), rs.getDouble("queue_ms"),
				rs.getDouble("inference_ms"));
	}

	private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** A job that an idempotency key points at. */
	record KeyedJob(String id, @Nullable String requestHash, Instant submittedAt) {
	}

}
