package dev.pipeline.contracts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A closed metrics window that breached one of its model's thresholds. The id is derived
 * from (model, version, metric, window start) so a replay produces the same alert, not a
 * second one.
 *
 * @param metric which threshold, e.g. {@code p95LatencyMs}, {@code errorRate},
 * {@code meanConfidence}
 */
public record Alert(int schemaVersion, String id, String model, @Nullable String modelVersion, String metric,
		double threshold, double observed, Instant windowStart, Instant windowEnd, Instant raisedAt) {

	public static final int SCHEMA_VERSION = 1;

	public Alert {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
	}

}
