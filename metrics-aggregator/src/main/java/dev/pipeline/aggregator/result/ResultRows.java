package dev.pipeline.aggregator.result;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.pipeline.aggregator.system.RowByRowFallback;
import dev.pipeline.aggregator.system.Written;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code inference_results} table: one row per request id, and the first final result
 * of an id is the one kept. Every status a result can have (SUCCEEDED, FAILED, EXPIRED)
 * is final and there is no placeholder row, so nothing ever replaces a row: a redelivery
 * is absorbed, and a late duplicate (a poll re-delivered after its deadline and answered
 * EXPIRED) cannot overwrite the success a client may already have read. A row belongs to
 * the account of the result that created it: a result with the same id but another owner
 * (another account, or none) is reported as refused, because ids are chosen by whoever
 * writes to Kafka and must not let one account claim another's result. Retention purges
 * rows by {@code completed_at}; only then can an id be written again.
 */
@Repository
public class ResultRows {

	static final String OWNED_BY_ANOTHER = "The id belongs to a result of another owner (account); a result never"
			+ " changes the owner of a row";

	private static final String INSERT = """
			INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, error_code,
			    error_message, submitted_at, completed_at, queue_ms, inference_ms, batch_size, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, now())
			ON CONFLICT (id) DO NOTHING
			""";

	private static final String OWNERS = "SELECT id, account_id FROM inference_results WHERE id = ANY (?)";

	private final JdbcTemplate jdbc;

	public ResultRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts a batch in one JDBC batch; an id that already has a row keeps it.
	 * Duplicates inside the batch (same owner, same id) are collapsed first, so the count
	 * of written results is exact. Results of different owners for one id stay in the
	 * order received: {@code ON CONFLICT DO NOTHING} skips a row that conflicts with one
	 * inserted earlier by the same statement, so the first one owns a new row.
	 */
	public Written<InferenceResult> insert(Collection<InferenceResult> results) {
		Map<Owned, InferenceResult> first = new LinkedHashMap<>();
		results.forEach(result -> first.putIfAbsent(new Owned(result.accountId(), result.id()), result));
		List<InferenceResult> rows = List.copyOf(first.values());
		Set<InferenceResult> inserted = Collections.newSetFromMap(new IdentityHashMap<>());
		Map<InferenceResult, String> refused = new IdentityHashMap<>(RowByRowFallback.write(rows, batch -> {
			int[][] counts = this.jdbc.batchUpdate(INSERT, batch, batch.size(), ResultRows::bind);
			// A lone row's count is exact, and 1 means the row is this result's: no need
			// to ask who owns it. (At low load every poll is one result, and that query
			// cost as much as the insert.) A rewritten batch of several rows reports no
			// per-row counts.
			if (batch.size() == 1 && counts.length == 1 && counts[0].length == 1 && counts[0][0] == 1) {
				inserted.add(batch.get(0));
			}
		}));
		List<InferenceResult> written = rows.stream().filter(result -> !refused.containsKey(result)).toList();
		ownedByOthers(written.stream().filter(result -> !inserted.contains(result)).toList())
			.forEach(result -> refused.put(result, OWNED_BY_ANOTHER));
		return new Written<>(rows.size() - refused.size(), refused);
	}

	/**
	 * Of the written results not known to be inserted, those whose row has another owner:
	 * their insert changed nothing. (The rewritten batch does not report per-row counts;
	 * an owner never changes, so comparing afterwards is exact.)
	 */
	private List<InferenceResult> ownedByOthers(List<InferenceResult> written) {
		if (written.isEmpty()) {
			return List.of();
		}
		Map<String, @Nullable String> owners = new HashMap<>();
		this.jdbc
			.query(OWNERS,
					statement -> statement.setArray(1, statement.getConnection()
						.createArrayOf("varchar", written.stream().map(InferenceResult::id).distinct().toArray())),
					row -> {
						owners.put(row.getString(1), row.getString(2));
					});
		return written.stream()
			.filter(result -> owners.containsKey(result.id())
					&& !Objects.equals(owners.get(result.id()), result.accountId()))
			.toList();
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

	private record Owned(@Nullable String accountId, String id) {
	}

}
