package dev.pipeline.aggregator.result;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code inference_results} table: one row per request id, written as upserts so a result
 * delivered twice is stored once (the later delivery wins).
 */
@Repository
public class ResultRows {

	private static final String UPSERT = """
			INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, error_code,
			    error_message, submitted_at, completed_at, queue_ms, inference_ms, batch_size, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, now())
			ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, model = EXCLUDED.model,
			    model_version = EXCLUDED.model_version, status = EXCLUDED.status, outputs = EXCLUDED.outputs,
			    error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
			    submitted_at = EXCLUDED.submitted_at, completed_at = EXCLUDED.completed_at,
			    queue_ms = EXCLUDED.queue_ms, inference_ms = EXCLUDED.inference_ms,
			    batch_size = EXCLUDED.batch_size, recorded_at = EXCLUDED.recorded_at
			""";

	private final JdbcTemplate jdbc;

	public ResultRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Upserts a batch in one JDBC batch. Duplicates inside the batch are collapsed first (last
	 * one wins), because a rewritten multi-row insert may not touch the same row twice.
	 * @return how many distinct ids were written
	 */
	public int upsert(Collection<InferenceResult> results) {
		Map<String, InferenceResult> byId = new LinkedHashMap<>();
		results.forEach(result -> byId.put(result.id(), result));
		List<InferenceResult> rows = List.copyOf(byId.values());
		if (rows.isEmpty()) {
			return 0;
		}
		this.jdbc.batchUpdate(UPSERT, rows, rows.size(), ResultRows::bind);
		return rows.size();
	}

	private static void bind(PreparedStatement statement, InferenceResult result) throws SQLException {
		statement.setString(1, result.id());
		statement.setString(2, result.accountId());
		statement.setString(3, result.model());
		statement.setString(4, result.modelVersion());
		statement.setString(5, result.status().name());
		if (result.outputs() != null) {
			statement.setString(6, PipelineJson.mapper().writeValueAsString(result.outputs()));
		}
		else {
			statement.setNull(6, Types.VARCHAR);
		}
		statement.setString(7, (result.error() != null) ? result.error().code() : null);
		statement.setString(8, (result.error() != null) ? result.error().message() : null);
		statement.setObject(9, utc(result.submittedAt()));
		statement.setObject(10, utc(result.completedAt()));
		statement.setDouble(11, result.timings().queueMs());
		statement.setDouble(12, result.timings().inferenceMs());
		statement.setInt(13, result.timings().batchSize());
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}
