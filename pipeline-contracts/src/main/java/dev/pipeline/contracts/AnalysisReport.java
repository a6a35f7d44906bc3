package dev.pipeline.contracts;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A performance report in markdown and the metrics snapshot it was written from.
 *
 * @param source {@code gemini} or {@code rule-based}
 * @param cached whether it was served from the report cache
 */
public record AnalysisReport(int schemaVersion, String id, String model, String window, String source, boolean cached,
		Instant generatedAt, String report, JsonNode metrics) {

	public static final int SCHEMA_VERSION = 1;

	public static final String SOURCE_GEMINI = "gemini";

	public static final String SOURCE_RULE_BASED = "rule-based";

	public AnalysisReport {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
	}

}
