package dev.pipeline.analyst.snapshot;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.pipeline.analyst.AnalystIntegrationTest;
import dev.pipeline.contracts.AnalysisWindow;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** Reads rows written as the metrics-aggregator writes them (V3_1, docs/metrics.md). */
class JdbcMetricsSnapshotReaderTests extends AnalystIntegrationTest {

	static final Instant END = Instant.parse("2026-03-01T12:00:00Z");

	@Autowired
	MetricsSnapshotReader reader;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldMergeTheWindowsOfTheReportAndOfTheWindowBefore() {
		String model = "jdbc-" + UUID.randomUUID();
		// Two versions in the current hour: 90 fast results at 10 ms, 10 slow ones at 500
		// ms.
		window(model, "1", END.minus(Duration.ofMinutes(30)), 60, 58, 1, 1, latencies(10, 58), 50.0, 58, 5,
				"{\"positive\": 40, \"negative\": 18}");
		window(model, "2", END.minus(Duration.ofMinutes(10)), 45, 42, 3, 0, join(latencies(10, 32), latencies(500, 10)),
				33.6, 42, 10, "{\"positive\": 12, \"negative\": 30}");
		// The hour before: one window.
		window(model, "1", END.minus(Duration.ofMinutes(90)), 20, 20, 0, 0, latencies(8, 20), 18.0, 20, 0,
				"{\"positive\": 15, \"negative\": 5}");
		// Outside both windows: ignored.
		window(model, "1", END.minus(Duration.ofHours(3)), 1000, 0, 1000, 0, latencies(1, 1), 0, 0, 0, "{}");
		// Another account's row of the same traffic: never added to the model scope.
		accountWindow(model, END.minus(Duration.ofMinutes(30)));
		this.jdbc.sql("INSERT INTO metrics_thresholds (model, p95_latency_ms, max_error_rate) VALUES (?, 100, 0.02)")
			.param(model)
			.update();
		this.jdbc.sql("""
				INSERT INTO metrics_alerts (id, model, model_version, metric, threshold, observed, window_start,
				    window_end, raised_at) VALUES (?, ?, '2', 'p95LatencyMs', 100, 500, ?, ?, ?)
				""")
			.params(UUID.randomUUID().toString(), model, Timestamp.from(END.minus(Duration.ofMinutes(10))),
					Timestamp.from(END.minus(Duration.ofMinutes(9))), Timestamp.from(END.minus(Duration.ofMinutes(9))))
			.update();

		MetricsSnapshot snapshot = this.reader.read(model, AnalysisWindow.parse("1h").orElseThrow(), null, END);

		assertThat(snapshot.from()).isEqualTo(END.minus(Duration.ofHours(1)));
		WindowStats now = snapshot.current();
		assertThat(now.count()).isEqualTo(105);
		assertThat(now.failed()).isEqualTo(4);
		assertThat(now.expired()).isEqualTo(1);
		assertThat(now.errorRate()).isCloseTo(4.0 / 105, within(1e-9));
		// Merged histograms: 10 of 100 succeeded results are slow, so p50 is fast and p95
		// slow.
		assertThat(now.p50LatencyMs()).isCloseTo(10.0, within(0.5));
		assertThat(now.p95LatencyMs()).isCloseTo(500.0, within(5.0));
		assertThat(now.meanConfidence()).isCloseTo(83.6 / 100, within(1e-9));
		assertThat(now.lowConfidenceCount()).isEqualTo(15);
		assertThat(now.labelCounts()).containsEntry("positive", 52L).containsEntry("negative", 48L);
		assertThat(snapshot.previous().count()).isEqualTo(20);
		assertThat(snapshot.previous().p95LatencyMs()).isCloseTo(8.0, within(0.5));
		assertThat(snapshot.thresholds()).isEqualTo(new Thresholds(100.0, 0.02, null));
		assertThat(snapshot.alerts()).singleElement().satisfies((alert) -> {
			assertThat(alert.metric()).isEqualTo("p95LatencyMs");
			assertThat(alert.observed()).isEqualTo(500.0);
		});
	}

	@Test
	void shouldReadOneAccountFromTheAccountScope() {
		String model = "jdbc-" + UUID.randomUUID();
		window(model, "1", END.minus(Duration.ofMinutes(30)), 60, 60, 0, 0, latencies(10, 60), 50.0, 60, 0, "{}");
		accountWindow(model, END.minus(Duration.ofMinutes(30)));

		MetricsSnapshot snapshot = this.reader.read(model, AnalysisWindow.parse("1h").orElseThrow(), "acct-1", END);

		assertThat(snapshot.accountScope()).isEqualTo("acct-1");
		assertThat(snapshot.current().count()).isEqualTo(7);
		assertThat(snapshot.thresholds()).isEqualTo(Thresholds.NONE);
	}

	/**
	 * metrics_windows holds one histogram layout (docs/metrics.md). This reader used to
	 * merge any layout into an auto-resizing histogram, so a row the ingress refused gave
	 * a report here; both now refuse it the same way.
	 */
	@Test
	void shouldRefuseAHistogramOfAnotherLayout() {
		String model = "jdbc-" + UUID.randomUUID();
		Histogram twoHours = new Histogram(2);
		twoHours.recordValue(7_200_000_000L);
		window(model, "1", END.minus(Duration.ofMinutes(30)), 1, 1, 0, 0, twoHours, 0, 0, 0, "{}");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.reader.read(model, AnalysisWindow.parse("1h").orElseThrow(), null, END))
			.withMessageContaining("layout");
	}

	private void accountWindow(String model, Instant start) {
		insert("ACCOUNT", "acct-1", model, "*", start, 7, 7, 0, 0, latencies(10, 7), 7.0, 7, 0, "{}");
	}

	private void window(String model, String version, Instant start, long count, long succeeded, long failed,
			long expired, Histogram latency, double confidenceSum, long confidenceCount, long lowConfidence,
			String labels) {
		insert("MODEL", "*", model, version, start, count, succeeded, failed, expired, latency, confidenceSum,
				confidenceCount, lowConfidence, labels);
	}

	private void insert(String scope, String account, String model, String version, Instant start, long count,
			long succeeded, long failed, long expired, Histogram latency, double confidenceSum, long confidenceCount,
			long lowConfidence, String labels) {
		this.jdbc.sql("""
				INSERT INTO metrics_windows (scope, account_id, model, model_version, window_start, window_end,
				    result_count, succeeded, failed, expired, latency_histogram, confidence_sum, confidence_count,
				    low_confidence_count, label_counts)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
				""")
			.params(scope, account, model, version, Timestamp.from(start), Timestamp.from(start.plusSeconds(60)), count,
					succeeded, failed, expired, encode(latency), confidenceSum, confidenceCount, lowConfidence, labels)
			.update();
	}

	/**
	 * {@code n} latencies of {@code ms} milliseconds, recorded in microseconds as the
	 * aggregator does.
	 */
	private static Histogram latencies(long ms, int n) {
		Histogram histogram = new Histogram(3_600_000_000L, 2);
		histogram.recordValueWithCount(ms * 1000, n);
		return histogram;
	}

	private static Histogram join(Histogram a, Histogram b) {
		Histogram joined = a.copy();
		joined.add(b);
		return joined;
	}

	private static byte[] encode(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		byte[] bytes = new byte[length];
		buffer.flip();
		buffer.get(bytes);
		return bytes;
	}

}
