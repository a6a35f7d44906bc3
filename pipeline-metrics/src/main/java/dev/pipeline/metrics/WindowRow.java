package dev.pipeline.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import dev.pipeline.contracts.PipelineJson;
import org.HdrHistogram.Histogram;
import tools.jackson.core.type.TypeReference;

/**
 * One row of {@code metrics_windows} (migration V3_1, docs/metrics.md), as the aggregator
 * writes it and every reader reads it. The precomputed {@code latency_p*_ms} columns are
 * left out: they describe their own row only and are never merged (merge the histograms
 * instead), and {@code updated_at} is bookkeeping.
 *
 * @param scope {@code MODEL} (per model and version, {@code accountId = "*"}) or
 * {@code ACCOUNT} (per account and model, {@code modelVersion = "*"})
 * @param latencyHistogram the {@link LatencyHistogram#compress compressed} latency of the
 * window's SUCCEEDED results
 * @param labelCounts outputs per label
 */
public record WindowRow(String scope, String accountId, String model, String modelVersion, Instant windowStart,
		Instant windowEnd, long count, long succeeded, long failed, long expired, byte[] latencyHistogram,
		long batchSizeSum, long batchSizeCount, double confidenceSum, long confidenceCount, long lowConfidenceCount,
		Map<String, Long> labelCounts) {

	/**
	 * The select list {@link #read} expects: a reader writes its own {@code WHERE} and
	 * {@code ORDER BY} after {@code SELECT COLUMNS FROM metrics_windows}.
	 */
	public static final String COLUMNS = "scope, account_id, model, model_version, window_start, window_end,"
			+ " result_count, succeeded, failed, expired, latency_histogram, batch_size_sum, batch_size_count,"
			+ " confidence_sum, confidence_count, low_confidence_count, label_counts::text AS label_counts";

	private static final TypeReference<Map<String, Long>> LABEL_COUNTS = new TypeReference<>() {
	};

	/** The row at the cursor of a query selecting {@link #COLUMNS}. */
	public static WindowRow read(ResultSet rs) throws SQLException {
		return new WindowRow(rs.getString("scope"), rs.getString("account_id"), rs.getString("model"),
				rs.getString("model_version"), rs.getTimestamp("window_start").toInstant(),
				rs.getTimestamp("window_end").toInstant(), rs.getLong("result_count"), rs.getLong("succeeded"),
				rs.getLong("failed"), rs.getLong("expired"), rs.getBytes("latency_histogram"),
				rs.getLong("batch_size_sum"), rs.getLong("batch_size_count"), rs.getDouble("confidence_sum"),
				rs.getLong("confidence_count"), rs.getLong("low_confidence_count"),
				PipelineJson.mapper().readValue(rs.getString("label_counts"), LABEL_COUNTS));
	}

	/**
	 * The {@code label_counts} column's text (a JSON object, bound as {@code ?::jsonb}).
	 */
	public String labelCountsJson() {
		return PipelineJson.mapper().writeValueAsString(this.labelCounts);
	}

	/** The decoded latency histogram. */
	public Histogram latency() {
		return LatencyHistogram.decompress(this.latencyHistogram);
	}

}
