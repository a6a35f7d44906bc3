package dev.pipeline.analyst.snapshot;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;

import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.PipelineJson;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * Reads snapshots from the metrics-aggregator's tables (V3_1, docs/metrics.md). Windows
 * are merged the only correct way: counts and sums add, label counts add per label,
 * latency histograms are decoded and merged and the percentiles read from the merge
 * (averaging the per-window p95s would be wrong). All traffic reads the {@code MODEL}
 * scope (every version), one account's traffic the {@code ACCOUNT} scope; the two are
 * never added together.
 */
@Component
class JdbcMetricsSnapshotReader implements MetricsSnapshotReader {

	private static final TypeReference<Map<String, Long>> LABEL_COUNTS = new TypeReference<>() {
	};

	/**
	 * Highest precision the aggregator records with; the merge auto-resizes its range.
	 */
	private static final int SIGNIFICANT_DIGITS = 2;

	private static final int MAX_ALERTS = 50;

	private final JdbcClient jdbc;

	JdbcMetricsSnapshotReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public MetricsSnapshot read(String model, AnalysisWindow window, @Nullable String accountId, Instant end) {
		Instant from = end.minus(window.duration());
		Instant previousFrom = from.minus(window.duration());
		List<WindowRow> rows = windows(model, accountId, previousFrom, end);
		WindowStats current = merge(rows.stream().filter((row) -> !row.start().isBefore(from)).toList());
		WindowStats previous = merge(rows.stream().filter((row) -> row.start().isBefore(from)).toList());
		return new MetricsSnapshot(model, window.canonical(), accountId == null ? "*" : accountId, from, end, current,
				previous, thresholds(model), alerts(model, from, end));
	}

	private List<WindowRow> windows(String model, @Nullable String accountId, Instant from, Instant to) {
		String sql = """
				SELECT window_start, result_count, succeeded, failed, expired, latency_histogram,
				       confidence_sum, confidence_count, low_confidence_count, label_counts::text AS labels
				FROM metrics_windows
				WHERE scope = :scope AND account_id = :account AND model = :model
				  AND window_start >= :from AND window_start < :to
				""";
		return this.jdbc.sql(sql)
			.param("scope", accountId == null ? "MODEL" : "ACCOUNT")
			.param("account", accountId == null ? "*" : accountId)
			.param("model", model)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query(JdbcMetricsSnapshotReader::windowRow)
			.list();
	}

	private Thresholds thresholds(String model) {
		return this.jdbc.sql("""
				SELECT p95_latency_ms, max_error_rate, min_mean_confidence
				FROM metrics_thresholds WHERE model = :model
				""")
			.param("model", model)
			.query((rs, rowNum) -> new Thresholds(nullableDouble(rs, "p95_latency_ms"),
					nullableDouble(rs, "max_error_rate"), nullableDouble(rs, "min_mean_confidence")))
			.optional()
			.orElse(Thresholds.NONE);
	}

	private List<RaisedAlert> alerts(String model, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT metric, model_version, threshold, observed, window_start, window_end
				FROM metrics_alerts
				WHERE model = :model AND window_start >= :from AND window_start < :to
				ORDER BY window_start DESC, metric, model_version
				LIMIT :limit
				""")
			.param("model", model)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.param("limit", MAX_ALERTS)
			.query((rs, rowNum) -> new RaisedAlert(rs.getString("metric"), rs.getString("model_version"),
					rs.getDouble("threshold"), rs.getDouble("observed"), rs.getTimestamp("window_start").toInstant(),
					rs.getTimestamp("window_end").toInstant()))
			.list();
	}

	private static WindowStats merge(List<WindowRow> rows) {
		if (rows.isEmpty()) {
			return WindowStats.EMPTY;
		}
		long count = 0;
		long succeeded = 0;
		long failed = 0;
		long expired = 0;
		double confidenceSum = 0;
		long confidenceCount = 0;
		long lowConfidence = 0;
		Map<String, Long> labels = new TreeMap<>();
		Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
		for (WindowRow row : rows) {
			count += row.count();
			succeeded += row.succeeded();
			failed += row.failed();
			expired += row.expired();
			confidenceSum += row.confidenceSum();
			confidenceCount += row.confidenceCount();
			lowConfidence += row.lowConfidenceCount();
			row.labels().forEach((label, n) -> labels.merge(label, n, Long::sum));
			if (row.latency() != null) {
				latency.add(row.latency());
			}
		}
		boolean anyLatency = latency.getTotalCount() > 0;
		return new WindowStats(count, succeeded, failed, expired, anyLatency ? percentileMs(latency, 50) : null,
				anyLatency ? percentileMs(latency, 95) : null, anyLatency ? percentileMs(latency, 99) : null,
				anyLatency ? latency.getMaxValue() / 1000.0 : null,
				confidenceCount == 0 ? null : confidenceSum / confidenceCount, lowConfidence, labels);
	}

	/** The histogram records microseconds; reports speak milliseconds. */
	private static double percentileMs(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	private static WindowRow windowRow(ResultSet rs, int rowNum) throws SQLException {
		return new WindowRow(rs.getTimestamp("window_start").toInstant(), rs.getLong("result_count"),
				rs.getLong("succeeded"), rs.getLong("failed"), rs.getLong("expired"),
				histogram(rs.getBytes("latency_histogram")), rs.getDouble("confidence_sum"),
				rs.getLong("confidence_count"), rs.getLong("low_confidence_count"), labels(rs.getString("labels")));
	}

	private static @Nullable Histogram histogram(byte @Nullable [] encoded) {
		if (encoded == null || encoded.length == 0) {
			return null;
		}
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
		}
		catch (DataFormatException ex) {
			throw new IllegalStateException("A latency histogram in metrics_windows is not readable", ex);
		}
	}

	private static Map<String, Long> labels(@Nullable String json) {
		return json == null ? Map.of() : PipelineJson.mapper().readValue(json, LABEL_COUNTS);
	}

	private static @Nullable Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private record WindowRow(Instant start, long count, long succeeded, long failed, long expired,
			@Nullable Histogram latency, double confidenceSum, long confidenceCount, long lowConfidenceCount,
			Map<String, Long> labels) {
	}

}
