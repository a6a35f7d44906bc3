package dev.pipeline.analyst.gemini;

/** What came of asking Gemini for a report: the markdown, or why there is none. */
public sealed interface GeminiAnswer {

	/**
	 * Upstream HTTP calls this answer cost (0 when the quota or configuration stopped
	 * it).
	 */
	int upstreamCalls();

	/** Gemini wrote the report. */
	record Written(String markdown, int upstreamCalls) implements GeminiAnswer {
	}

	/** No report from Gemini; {@code reason} is said in the fallback report. */
	record Unavailable(String reason, int upstreamCalls) implements GeminiAnswer {
	}

}
