package dev.pipeline.aggregator.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * The latency distribution of a window: an HdrHistogram in microseconds (2 significant
 * digits, up to one hour). Histograms merge exactly, so percentiles over any set of
 * windows come from the merged counts instead of averaged percentiles.
 */
public final class LatencyHistogram {

	/** One hour in microseconds; slower results are recorded as one hour. */
	static final long HIGHEST_MICROS = 3_600_000_000L;

	static final int SIGNIFICANT_DIGITS = 2;

	private LatencyHistogram() {
	}

	public static Histogram empty() {
		return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
	}

	public static void record(Histogram histogram, double millis) {
		long micros = Math.round(millis * 1000);
		histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
	}

	/** The compact (uncompressed) encoding used inside the Streams state. */
	public static byte[] encode(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

	/**
	 * Whether an encoding has the shape of ours (precision, range). Decoding trusts the
	 * header, so a forged one could make the decoder allocate gigabytes: check before
	 * decoding bytes that did not come from this process.
	 */
	static boolean hasOurShape(byte[] encoded) {
		if (encoded.length == 0) {
			return true;
		}
		ByteBuffer header = ByteBuffer.wrap(encoded);
		// cookie, payload length, index offset, significant digits, lowest and highest
		// value, ratio
		return encoded.length >= 40 && header.getInt(12) == SIGNIFICANT_DIGITS && header.getLong(16) == 1
				&& header.getLong(24) == HIGHEST_MICROS;
	}

	public static Histogram decode(byte[] bytes) {
		return (bytes.length == 0) ? empty() : Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
	}

	/** The compressed encoding stored in {@code metrics_windows.latency_histogram}. */
	public static byte[] compress(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

	public static Histogram decompress(byte[] bytes) {
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Not a compressed HdrHistogram", ex);
		}
	}

	/** A percentile in milliseconds, or {@code null} when nothing was recorded. */
	public static Double percentileMs(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

}
