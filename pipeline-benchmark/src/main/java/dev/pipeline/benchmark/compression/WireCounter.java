package dev.pipeline.benchmark.compression;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes of the bodies of one variant's requests as they crossed the wire and as they were
 * meant, counted by every load thread and read once per point. Headers and HTTP/1.1 chunk
 * framing are not counted: they are the same few hundred bytes either way.
 */
final class WireCounter {

	private final LongAdder requests = new LongAdder();

	private final LongAdder requestBytes = new LongAdder();

	private final LongAdder responseBytes = new LongAdder();

	private final LongAdder decodedBytes = new LongAdder();

	private final LongAdder compressedResponses = new LongAdder();

	/**
	 * @param requestBytes the request body as sent (compressed or not)
	 * @param responseBytes the response body as received
	 * @param decodedBytes the response body once its coding is undone
	 * @param compressed whether the response came with a {@code Content-Encoding}
	 */
	void record(long requestBytes, long responseBytes, long decodedBytes, boolean compressed) {
		this.requests.increment();
		this.requestBytes.add(requestBytes);
		this.responseBytes.add(responseBytes);
		this.decodedBytes.add(decodedBytes);
		if (compressed) {
			this.compressedResponses.increment();
		}
	}

	/** Forgets what was counted: before each point, so warm-up calls do not count. */
	void reset() {
		this.requests.reset();
		this.requestBytes.reset();
		this.responseBytes.reset();
		this.decodedBytes.reset();
		this.compressedResponses.reset();
	}

	/**
	 * Mean bytes per request since the last {@link #reset}: request body, response body
	 * on the wire and decoded, the ratio of the two response sizes, and the share of
	 * responses that came compressed. Empty when no request completed.
	 */
	Map<String, Object> figures() {
		long count = this.requests.sum();
		Map<String, Object> figures = new LinkedHashMap<>();
		if (count == 0) {
			return figures;
		}
		double wire = (double) this.responseBytes.sum() / count;
		double decoded = (double) this.decodedBytes.sum() / count;
		figures.put("requestBodyBytes", round(this.requestBytes.sum() / (double) count, 1));
		figures.put("responseBodyBytes", round(wire, 1));
		figures.put("responseDecodedBytes", round(decoded, 1));
		figures.put("responseWireRatio", (decoded > 0) ? round(wire / decoded, 3) : 1.0);
		figures.put("compressedResponses", round(this.compressedResponses.sum() / (double) count, 3));
		return figures;
	}

	private static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

}
