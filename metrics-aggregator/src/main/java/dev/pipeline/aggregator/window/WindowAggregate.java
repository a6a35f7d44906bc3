package dev.pipeline.aggregator.window;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.metrics.LatencyHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The running totals of one window, kept as mergeable quantities only (counts, sums, a
 * latency histogram), so windows can be combined later without losing exactness.
 * Serialized as JSON in the Streams state and on the window-update topic.
 *
 * @param latencyHistogram {@link LatencyHistogram} encoding of SUCCEEDED results' latency
 * @param labelCounts outputs per label
 */
public record WindowAggregate(long count, long succeeded, long failed, long expired, byte[] latencyHistogram,
		long batchSizeSum, long batchSizeCount, double confidenceSum, long confidenceCount, long lowConfidenceCount,
		Map<String, Long> labelCounts) {

	public WindowAggregate {
		latencyHistogram = (latencyHistogram != null) ? latencyHistogram : new byte[0];
		labelCounts = (labelCounts != null) ? labelCounts : Map.of();
	}

	public static WindowAggregate empty() {
		return new WindowAggregate(0, 0, 0, 0, new byte[0], 0, 0, 0, 0, 0, Map.of());
	}

	/** This aggregate with one more result. */
	public WindowAggregate add(InferenceResult result, double lowConfidenceBelow) {
		ResultStatus status = result.status();
		long batchSize = result.timings().batchSize();
		byte[] histogram = this.latencyHistogram;
		double scoreSum = this.confidenceSum;
		long scored = this.confidenceCount;
		long lowScored = this.lowConfidenceCount;
		Map<String, Long> labels = this.labelCounts;
		if (status == ResultStatus.SUCCEEDED) {
			Histogram latency = LatencyHistogram.decode(this.latencyHistogram);
			LatencyHistogram.record(latency, latencyMs(result));
			histogram = LatencyHistogram.encode(latency);
			labels = new TreeMap<>(this.labelCounts);
			for (JsonNode output : (result.outputs() != null) ? result.outputs() : List.<JsonNode>of()) {
				Double score = score(output);
				if (score != null) {
					scoreSum += score;
					scored++;
					lowScored += (score < lowConfidenceBelow) ? 1 : 0;
				}
				String label = label(output);
				if (label != null) {
					labels.merge(label, 1L, Long::sum);
				}
			}
		}
		return new WindowAggregate(this.count + 1, this.succeeded + ((status == ResultStatus.SUCCEEDED) ? 1 : 0),
				this.failed + ((status == ResultStatus.FAILED) ? 1 : 0),
				this.expired + ((status == ResultStatus.EXPIRED) ? 1 : 0), histogram,
				this.batchSizeSum + Math.max(0, batchSize), this.batchSizeCount + ((batchSize > 0) ? 1 : 0), scoreSum,
				scored, lowScored, labels);
	}

	/**
	 * End-to-end latency: from submission to completion when known, else the worker's own
	 * timings.
	 */
	static double latencyMs(InferenceResult result) {
		if (result.submittedAt() != null) {
			Duration total = Duration.between(result.submittedAt(), result.completedAt());
			if (!total.isNegative()) {
				// Seconds and nanoseconds apart: toNanos overflows past 292 years, which
				// a
				// hostile completedAt reaches.
				return total.getSeconds() * 1_000.0 + total.getNano() / 1_000_000.0;
			}
		}
		return result.timings().queueMs() + result.timings().inferenceMs();
	}

	private static @Nullable Double score(JsonNode output) {
		JsonNode score = output.isObject() ? output.get("score") : null;
		return (score != null && score.isNumber()) ? score.doubleValue() : null;
	}

	private static @Nullable String label(JsonNode output) {
		JsonNode label = output.isObject() ? output.get("label") : null;
		return (label != null && label.isString()) ? label.stringValue() : null;
	}

	public Histogram latency() {
		return LatencyHistogram.decode(this.latencyHistogram);
	}

	/** Failed and expired results over all results. */
	public double errorRate() {
		return (this.count == 0) ? 0 : (double) (this.failed + this.expired) / this.count;
	}

	public @Nullable Double meanConfidence() {
		return (this.confidenceCount == 0) ? null : this.confidenceSum / this.confidenceCount;
	}

}
