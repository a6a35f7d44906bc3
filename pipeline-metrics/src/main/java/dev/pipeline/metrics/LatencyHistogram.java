package dev.pipeline.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The latency distribution of a window: an HdrHistogram in microseconds (2 significant
 * digits, 1 µs up to one hour). Histograms merge exactly, so percentiles over any set of
 * windows come from the merged counts instead of averaged percentiles. These settings are
 * the format of {@code metrics_windows.latency_histogram}: the aggregator records with
 * them and every reader merges with them, and a histogram of another layout is refused
 * rather than merged.
 */
public final class LatencyHistogram {

	/** One hour in microseconds; slower results are recorded as one hour. */
	public static final long HIGHEST_MICROS = 3_600_000_000L;

	public static final int SIGNIFICANT_DIGITS = 2;

	/**
	 * Bytes of the (uncompressed) encoding's header: cookie, payload length, index
	 * offset, significant digits, lowest and highest value, ratio.
	 */
	private static final int HEADER_BYTES = 40;

	/** Cookie and length in front of the deflated encoding. */
	private static final int COMPRESSED_PREFIX_BYTES = 8;

	private LatencyHistogram() {
	}

	public static Histogram empty() {
		return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
	}

	public static void record(Histogram histogram, double millis) {
		long micros = Math.round(millis * 1000);
		histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
	}

	/**
	 * The compact (uncompressed) encoding the aggregator keeps inside its Streams state;
	 * an empty array is an empty histogram.
	 */
	public static byte[] encode(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

	public static Histogram decode(byte[] bytes) {
		return (bytes.length == 0) ? empty() : Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
	}

	/**
	 * Whether an {@link #encode uncompressed encoding} has our layout (precision, range).
	 * Decoding trusts the header, so a forged one could make the decoder allocate
	 * gigabytes: check before decoding bytes that did not come from this process.
	 */
	public static boolean hasOurShape(byte[] encoded) {
		if (encoded.length == 0) {
			return true;
		}
		ByteBuffer header = ByteBuffer.wrap(encoded);
		return encoded.length >= HEADER_BYTES && header.getInt(12) == SIGNIFICANT_DIGITS && header.getLong(16) == 1
				&& header.getLong(24) == HIGHEST_MICROS;
	}

	/** The compressed encoding stored in {@code metrics_windows.latency_histogram}. */
	public static byte[] compress(Histogram histogram) {
		ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
		int length = histogram.encodeIntoCompressedByteBuffer(buffer);
		return Arrays.copyOf(buffer.array(), length);
	}

	/**
	 * Decodes a {@link #compress compressed} histogram of our layout. Only the header is
	 * inflated before the layout is checked, so bytes of another layout are refused
	 * before the decoder sizes anything by them.
	 * @throws IllegalArgumentException if the bytes are not a compressed histogram of
	 * this layout
	 */
	public static Histogram decompress(byte[] bytes) {
		if (!compressedHasOurShape(bytes)) {
			throw new IllegalArgumentException("Not a latency histogram of metrics_windows' layout ("
					+ SIGNIFICANT_DIGITS + " significant digits, 1 to " + HIGHEST_MICROS + " µs)");
		}
		try {
			return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Not a compressed HdrHistogram", ex);
		}
	}

	/** Whether the header of a compressed encoding, once inflated, has our layout. */
	private static boolean compressedHasOurShape(byte[] compressed) {
		if (compressed.length <= COMPRESSED_PREFIX_BYTES) {
			return false;
		}
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(compressed, COMPRESSED_PREFIX_BYTES, compressed.length - COMPRESSED_PREFIX_BYTES);
			byte[] header = new byte[HEADER_BYTES];
			return inflater.inflate(header) == HEADER_BYTES && hasOurShape(header);
		}
		catch (DataFormatException ex) {
			return false;
		}
		finally {
			inflater.end();
		}
	}

	/** A percentile in milliseconds, or {@code null} when nothing was recorded. */
	public static @Nullable Double percentileMs(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? null : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	/** The highest latency in milliseconds, or {@code null} when nothing was recorded. */
	public static @Nullable Double maxMs(Histogram histogram) {
		return (histogram.getTotalCount() == 0) ? null : histogram.getMaxValue() / 1000.0;
	}

}
