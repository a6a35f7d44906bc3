package dev.pipeline.analyst.report;

import java.util.regex.Pattern;

import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;

/**
 * The versioned prompt. It carries the metrics snapshot and nothing else: aggregates
 * only, never a request's inputs. Changing the text means bumping
 * {@link ReportCacheKey#PROMPT_VERSION} (reports written with the old text then stop
 * being served from the cache).
 *
 * <p>
 * The one piece of request text in it is the model name, and only a plain one
 * ({@link #isPlainModelName}): the ingress lets through only catalogued models, but
 * anyone who can write {@code analysis.requests} can name any model, and quotes, line
 * breaks or markdown in a name would be instructions to Gemini.
 */
final class PerformancePrompt {

	static final String VERSION = ReportCacheKey.PROMPT_VERSION;

	/**
	 * What a model name in the prompt may look like (model names of the catalogue are
	 * such).
	 */
	static final Pattern PLAIN_MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	static final String SYSTEM_INSTRUCTION = """
			You are a site reliability engineer reviewing an ML model served behind a Kafka-based \
			prediction pipeline. You only see aggregated metrics. Be factual and brief: every number \
			you state must come from the metrics given; never invent data.""";

	private PerformancePrompt() {
	}

	static boolean isPlainModelName(String model) {
		return PLAIN_MODEL_NAME.matcher(model).matches();
	}

	/**
	 * @throws IllegalArgumentException when the snapshot's model name is not plain
	 */
	static String forSnapshot(MetricsSnapshot snapshot) {
		if (!isPlainModelName(snapshot.model())) {
			throw new IllegalArgumentException("not a plain model name; it stays out of the prompt");
		}
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
