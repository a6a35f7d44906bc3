package dev.pipeline.contracts;

import java.util.List;

/**
 * The topics of API.md with their names in the contract; a deployment may put a prefix
 * before every one of them ({@link TopicNames}).
 */
public final class Topics {

	public static final Topic<InferenceRequest> INFERENCE_REQUESTS = new Topic<>("inference.requests",
			InferenceRequest.class);

	public static final Topic<InferenceResult> INFERENCE_RESULTS = new Topic<>("inference.results",
			InferenceResult.class);

	public static final Topic<InferenceResult> INFERENCE_REPLIES = new Topic<>("inference.replies",
			InferenceResult.class);

	/** Raw bytes as received, with error headers; the value type is only nominal. */
	public static final Topic<byte[]> INFERENCE_REQUESTS_DLQ = new Topic<>("inference.requests.dlq", byte[].class);

	/**
	 * Results the metrics-aggregator could not store or count, as received, with the
	 * reason in {@link PipelineHeaders#DLQ_REASON}; the value type is only nominal.
	 */
	public static final Topic<byte[]> INFERENCE_RESULTS_DLQ = new Topic<>("inference.results.dlq", byte[].class);

	public static final Topic<AnalysisRequest> ANALYSIS_REQUESTS = new Topic<>("analysis.requests",
			AnalysisRequest.class);

	public static final Topic<AnalysisReport> ANALYSIS_REPORTS = new Topic<>("analysis.reports", AnalysisReport.class);

	public static final Topic<Alert> METRICS_ALERTS = new Topic<>("metrics.alerts", Alert.class);

	/**
	 * Compacted catalogue of served models, keyed by model name (not in API.md's table:
	 * an addition of this project, see docs/kafka-contract.md).
	 */
	public static final Topic<ModelDescriptor> INFERENCE_MODELS = new Topic<>("inference.models",
			ModelDescriptor.class);

	/**
	 * Compacted traffic splits between the versions of a model, keyed by model name:
	 * written by the ingress's admin API, applied by every predictor worker (an addition
	 * of this project, see docs/kafka-contract.md).
	 */
	public static final Topic<ModelTraffic> INFERENCE_MODEL_TRAFFIC = new Topic<>("inference.model-traffic",
			ModelTraffic.class);

	/** Every topic of the contract, in the order the local stack creates them. */
	public static final List<Topic<?>> ALL = List.of(INFERENCE_REQUESTS, INFERENCE_RESULTS, INFERENCE_REPLIES,
			INFERENCE_REQUESTS_DLQ, INFERENCE_RESULTS_DLQ, ANALYSIS_REQUESTS, ANALYSIS_REPORTS, METRICS_ALERTS,
			INFERENCE_MODELS, INFERENCE_MODEL_TRAFFIC);

	/**
	 * The compacted topics: catalogues where only the latest record per key matters, on
	 * one partition so they are read in order.
	 */
	public static final List<Topic<?>> COMPACTED = List.of(INFERENCE_MODELS, INFERENCE_MODEL_TRAFFIC);

	private Topics() {
	}

}
