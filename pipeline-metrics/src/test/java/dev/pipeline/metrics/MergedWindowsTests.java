package dev.pipeline.metrics;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class MergedWindowsTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void shouldAddCountsSumsAndLabelsAndMergeHistograms() {
		// A busy fast minute and a quiet slow one: 90 results at 10 ms, 10 at 1000 ms.
		WindowRow fast = row(0, 100, 90, 6, 4, latencies(10, 90), 900, 90, 5, Map.of("positive", 60L, "negative", 30L));
		WindowRow slow = row(1, 10, 10, 0, 0, latencies(1000, 10), 5, 10, 10, Map.of("positive", 10L));

		MergedWindows merged = MergedWindows.of(List.of(fast, slow));

		assertThat(merged.count()).isEqualTo(110);
		assertThat(merged.succeeded()).isEqualTo(100);
		assertThat(merged.failed()).isEqualTo(6);
		assertThat(merged.expired()).isEqualTo(4);
		assertThat(merged.errorRate()).isCloseTo(10.0 / 110, within(1e-12));
		assertThat(merged.meanConfidence()).isCloseTo(905.0 / 100, within(1e-12));
		assertThat(merged.lowConfidenceCount()).isEqualTo(15);
		assertThat(merged.meanBatchSize()).isCloseTo(2.0, within(1e-12));
		assertThat(merged.labelCounts()).isEqualTo(Map.of("positive", 70L, "negative", 30L));
		assertThat(merged.latencyMs(50)).isCloseTo(10, within(0.1));
		// Averaging the two windows' p95s would say ~505 ms; the merged distribution says
		// ~1000.
		assertThat(merged.latencyMs(95)).isCloseTo(1000, within(10.0));
		assertThat(merged.maxLatencyMs()).isCloseTo(1000, within(10.0));
	}

	@Test
	void shouldHaveNoRatesOrLatenciesWithoutResults() {
		MergedWindows none = new MergedWindows();
		MergedWindows unsucceeded = MergedWindows
			.of(List.of(row(0, 3, 0, 3, 0, LatencyHistogram.empty(), 0, 0, 0, Map.of())));

		for (MergedWindows merged : List.of(none, unsucceeded)) {
			assertThat(merged.latencyMs(50)).isNull();
			assertThat(merged.maxLatencyMs()).isNull();
			assertThat(merged.meanConfidence()).isNull();
		}
		assertThat(none.errorRate()).isNull();
		assertThat(none.meanBatchSize()).isNull();
		assertThat(unsucceeded.errorRate()).isEqualTo(1.0);
	}

	@Test
	void shouldRefuseARowWhoseHistogramIsOfAnotherLayout() {
		Histogram resizing = new Histogram(LatencyHistogram.SIGNIFICANT_DIGITS);
		resizing.recordValue(2 * LatencyHistogram.HIGHEST_MICROS);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MergedWindows().add(row(0, 1, 1, 0, 0, resizing, 0, 0, 0, Map.of())));
	}

	private static WindowRow row(int minute, long count, long succeeded, long failed, long expired, Histogram latency,
			double confidenceSum, long confidenceCount, long lowConfidence, Map<String, Long> labels) {
		Instant start = START.plusSeconds(60L * minute);
		return new WindowRow("MODEL", "*", "m", "1", start, start.plusSeconds(60), count, succeeded, failed, expired,
				compress(latency), 2 * count, count, confidenceSum, confidenceCount, lowConfidence, labels);
	}

	private static Histogram latencies(double ms, int n) {
		Histogram histogram = LatencyHistogram.empty();
		for (int i = 0; i < n; i++) {
			LatencyHistogram.record(histogram, ms);
		}
		return histogram;
	}

	/**
	 * Unlike {@link LatencyHistogram#compress}, any layout, as a forged row might hold.
	 */
	private static byte[] compress(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

}
