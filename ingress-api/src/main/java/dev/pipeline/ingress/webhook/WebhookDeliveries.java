package dev.pipeline.ingress.webhook;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The deliveries of job webhooks ({@code webhook_deliveries}, schema V16_2), added by
 * PostgreSQL's triggers when a job with a callback URL reaches its final state. An
 * attempt is claimed by raising the row's {@code next_attempt_at} to a lease, in one
 * statement over rows locked with {@code FOR UPDATE SKIP LOCKED}: the instances share the
 * due rows, and while one sends an attempt no other takes the row.
 */
@Repository
class WebhookDeliveries {

	private final JdbcClient jdbc;

	WebhookDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims up to {@code limit} deliveries due at {@code now}, oldest first, counting
	 * their attempt and leasing them to this instance until {@code leaseUntil}.
	 */
	List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
		return this.jdbc.sql("""
				UPDATE webhook_deliveries d SET next_attempt_at = :leaseUntil, attempts = d.attempts + 1
				FROM (SELECT job_id FROM webhook_deliveries WHERE state = 'PENDING' AND next_attempt_at <= :now
				      ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
				WHERE d.job_id = due.job_id
				RETURNING d.job_id, d.account_id, d.callback_url, d.attempts, d.created_at""")
			.param("now", utc(now))
			.param("leaseUntil", utc(leaseUntil))
			.param("limit", limit)
			.query((rs, row) -> new Delivery(rs.getString("job_id"), rs.getString("account_id"),
					URI.create(rs.getString("callback_url")), rs.getInt("attempts"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/** Deliveries neither delivered nor given up, due or not. */
	long pending() {
		return this.jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE state = 'PENDING'")
			.query(Long.class)
			.single();
	}

	void delivered(String jobId, int status, Instant now) {
		finish(jobId, "DELIVERED", status, null, now);
	}

	void failed(String jobId, @Nullable Integer status, String error, Instant now) {
		finish(jobId, "FAILED", status, error, now);
	}

	void retryAt(String jobId, Instant next, @Nullable Integer status, String error) {
		this.jdbc.sql("""
				UPDATE webhook_deliveries SET next_attempt_at = ?, last_status = ?, last_error = ?
				WHERE job_id = ? AND state = 'PENDING'""").params(utc(next), status, error, jobId).update();
	}

	private void finish(String jobId, String state, @Nullable Integer status, @Nullable String error, Instant now) {
		this.jdbc.sql("""
				UPDATE webhook_deliveries SET state = ?, last_status = ?, last_error = ?, finished_at = ?
				WHERE job_id = ? AND state = 'PENDING'""").params(state, status, error, utc(now), jobId).update();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * One claimed attempt.
	 *
	 * @param jobId the job, and the {@code Webhook-Id} of every attempt
	 * @param attempts the attempts so far, this one included
	 */
	record Delivery(String jobId, @Nullable String accountId, URI callbackUrl, int attempts, Instant createdAt) {
	}

}
