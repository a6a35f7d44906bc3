package dev.pipeline.contracts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Asks the analyst worker for a performance report on one model over a recent window.
 *
 * @param window a duration such as {@code 15m}, {@code 1h} or {@code 1d}
 * @param accountId whose traffic the report covers, or {@code null} for all traffic
 */
public record AnalysisRequest(int schemaVersion, String id, String model, String window, @Nullable String accountId,
		Instant requestedAt, @Nullable Instant deadline) {

	public static final int SCHEMA_VERSION = 1;

	public AnalysisRequest {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
	}

}
