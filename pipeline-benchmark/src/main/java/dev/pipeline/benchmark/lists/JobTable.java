package dev.pipeline.benchmark.lists;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The lists scenario's jobs, written straight into the stack's PostgreSQL for one account
 * and removed again. The mix is that of {@code ListQueryPlans} (docs/api.md, "Lists"):
 * spread evenly over the last 22 hours (the list shows 24), 80 % {@code sentiment}, 19 %
 * {@code kalman}, 1 % {@code rare}; 2 % expired by the reaper, about 90 % of the rest
 * with a result (5 % of those FAILED), the others still queued. Every job is already
 * settled or has a deadline a day away, so the stack's reaper never touches them while
 * they are measured.
 */
final class JobTable {

	/** The span the jobs are spread over: inside the list's 24-hour retention. */
	static final int SPAN_SECONDS = 22 * 3600;

	private static final String JOBS = """
			INSERT INTO inference_jobs (id, account_id, model, submitted_at, deadline, settled_at, expiry_code,
			    expiry_message)
			SELECT md5(? || ':' || i)::uuid::text, ?,
			    CASE WHEN i % 100 = 1 THEN 'rare' WHEN i % 100 < 21 THEN 'kalman' ELSE 'sentiment' END,
			    now() - i * (? * interval '1 second'),
			    CASE WHEN i % 100 IN (90, 91) THEN now() - i * (? * interval '1 second') + interval '30 s'
			        ELSE now() + interval '1 day' END,
			    CASE WHEN i % 100 IN (90, 91) THEN now() - i * (? * interval '1 second') + interval '30 s' END,
			    CASE WHEN i % 100 IN (90, 91) THEN 'NO_RESULT' END,
			    CASE WHEN i % 100 IN (90, 91) THEN 'made up by the benchmark' END
			FROM generate_series(1, ?) i""";

	private static final String RESULTS = """
			INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, submitted_at,
			    completed_at, queue_ms, inference_ms, batch_size)
			SELECT j.id, j.account_id, j.model, '1',
			    CASE WHEN (hashtext(j.id) & 65535) % 100 < 5 THEN 'FAILED' ELSE 'SUCCEEDED' END,
			    '[{"label": "positive", "score": 0.9}]'::jsonb, j.submitted_at,
			    j.submitted_at + interval '20 ms', 1, 2, 1
			FROM inference_jobs j
			WHERE j.account_id = ? AND j.expiry_code IS NULL AND (hashtext(j.id) & 65535) % 100 < 90""";

	/** Jobs with a result are settled, as the reaper would have marked them. */
	private static final String SETTLE_ANSWERED = """
			UPDATE inference_jobs j SET settled_at = r.completed_at
			FROM inference_results r WHERE r.id = j.id AND j.account_id = ? AND j.settled_at IS NULL""";

	private final String jdbcUrl;

	private final String accountId;

	JobTable(String jdbcUrl, String accountId) {
		if (jdbcUrl.isBlank()) {
			throw new IllegalStateException(
					"the stack's stack.json names no database (jdbcUrl), which the lists scenario writes its jobs to");
		}
		this.jdbcUrl = jdbcUrl;
		this.accountId = accountId;
	}

	/** Writes {@code count} jobs and their results, then has PostgreSQL analyse both. */
	void insert(int count) throws SQLException {
		double spacing = (double) SPAN_SECONDS / count;
		try (Connection db = DriverManager.getConnection(this.jdbcUrl)) {
			try (PreparedStatement jobs = db.prepareStatement(JOBS)) {
				jobs.setString(1, this.accountId);
				jobs.setString(2, this.accountId);
				jobs.setDouble(3, spacing);
				jobs.setDouble(4, spacing);
				jobs.setDouble(5, spacing);
				jobs.setInt(6, count);
				jobs.executeUpdate();
			}
			update(db, RESULTS);
			update(db, SETTLE_ANSWERED);
			try (Statement analyse = db.createStatement()) {
				analyse.execute("ANALYZE inference_jobs");
				analyse.execute("ANALYZE inference_results");
			}
		}
	}

	/** Removes every job of the account and the results under their ids. */
	long delete() throws SQLException {
		try (Connection db = DriverManager.getConnection(this.jdbcUrl)) {
			update(db, "DELETE FROM inference_results r USING inference_jobs j WHERE j.account_id = ? AND r.id = j.id");
			return update(db, "DELETE FROM inference_jobs WHERE account_id = ?");
		}
	}

	private long update(Connection db, String sql) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			statement.setString(1, this.accountId);
			return statement.executeLargeUpdate();
		}
	}

}
