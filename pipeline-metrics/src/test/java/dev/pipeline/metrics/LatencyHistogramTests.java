package dev.pipeline.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTests {

	@Test
	void shouldRecordMillisecondsAsMicrosecondsUpToOneHour() {
		Histogram histogram = LatencyHistogram.empty();
		LatencyHistogram.record(histogram, 12.5);
		LatencyHistogram.record(histogram, 3 * 3_600_000.0);

		assertThat(histogram.getMinValue()).isEqualTo(histogram.lowestEquivalentValue(12_500));
		assertThat(LatencyHistogram.maxMs(histogram)).isCloseTo(3_600_000.0, within(3_600_000.0 * 0.01));
	}

	@Test
	void shouldRoundTripBothEncodings() {
		Histogram histogram = LatencyHistogram.empty();
		LatencyHistogram.record(histogram, 10);
		LatencyHistogram.record(histogram, 500);

		assertThat(LatencyHistogram.decode(LatencyHistogram.encode(histogram))).isEqualTo(histogram);
		assertThat(LatencyHistogram.decompress(LatencyHistogram.compress(histogram))).isEqualTo(histogram);
		assertThat(LatencyHistogram.decompress(LatencyHistogram.compress(LatencyHistogram.empty())).getTotalCount())
			.isZero();
	}

	@Test
	void shouldHaveNoPercentilesWithoutLatencies() {
		assertThat(LatencyHistogram.percentileMs(LatencyHistogram.empty(), 95)).isNull();
		assertThat(LatencyHistogram.maxMs(LatencyHistogram.empty())).isNull();
	}

	/**
	 * The readers used to merge whatever layout a row held, each differently: the ingress
	 * into a one-hour histogram (a longer range threw ArrayIndexOutOfBoundsException),
	 * the analyst into an auto-resizing one (accepted anything). One layout now, checked
	 * before decoding.
	 */
	@Test
	void shouldRefuseHistogramsOfAnotherLayout() {
		Histogram longer = new Histogram(2 * LatencyHistogram.HIGHEST_MICROS, LatencyHistogram.SIGNIFICANT_DIGITS);
		longer.recordValue(2 * LatencyHistogram.HIGHEST_MICROS);
		Histogram finer = new Histogram(LatencyHistogram.HIGHEST_MICROS, 3);
		finer.recordValue(10_000);
		Histogram resizing = new Histogram(LatencyHistogram.SIGNIFICANT_DIGITS);
		resizing.recordValue(10_000);

		for (Histogram other : new Histogram[] { longer, finer, resizing }) {
			assertThatIllegalArgumentException().isThrownBy(() -> LatencyHistogram.decompress(compress(other)))
				.withMessageContaining("layout");
			assertThat(LatencyHistogram.hasOurShape(encode(other))).isFalse();
		}
		assertThatIllegalArgumentException().isThrownBy(() -> LatencyHistogram.decompress(new byte[] { 1, 2, 3 }));
		assertThatIllegalArgumentException().isThrownBy(() -> LatencyHistogram.decompress(new byte[64]));
	}

	private static byte[] compress(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

	private static byte[] encode(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

}
