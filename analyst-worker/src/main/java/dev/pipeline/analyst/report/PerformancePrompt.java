package dev.pipeline.analyst.report;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;

/**
 * The versioned prompt. It carries the metrics snapshot and nothing else: aggregates only,
 * never a request's inputs. Changing the text means bumping {@link ReportCacheKey#PROMPT_VERSION}
 * (reports written with the old text then stop being served from the cache).
 */
final class PerformancePrompt {

	static final String VERSION = ReportCacheKey.PROMPT_VERSION;

	static final String SYSTEM_INSTRUCTION = """
			You are a site reliability engineer reviewing an ML model served behind a Kafka-based \
			prediction pipeline. You only see aggregated metrics. Be factual and brief: every number \
			you state must come from the metrics given; never invent data.""";

	private PerformancePrompt() {
	}

	static String forSnapshot(MetricsSnapshot snapshot) {
		return """
				Write a short performance report in markdown (at most 250 words) for model "%s" over the \
				window %s (%s to %s, account scope %s), with exactly these sections:
				## Summary
				Two or three sentences: traffic, error and expiry rates, latency, confidence.
				## Anomalies
				Threshold breaches, alerts, and notable changes against the previous window (the \
				`previous` object), as a bullet list; write "None." if there are none.
				## Recommendations
				One to three concrete actions for the operators, as a bullet list.

				Rates are fractions (0.05 = 5%%), latencies are milliseconds, `thresholds` fields that are \
				null are not set.

				Metrics (JSON):
				```json
				%s
				```
				""".formatted(snapshot.model(), snapshot.window(), snapshot.from(), snapshot.to(),
				snapshot.accountScope(), PipelineJson.mapper().writeValueAsString(snapshot));
	}

}
