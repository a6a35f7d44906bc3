package dev.pipeline.local;

/** The four services of the pipeline and where their runnable jars are built. */
public enum Service {

	PREDICTOR_WORKER("predictor-worker"), METRICS_AGGREGATOR("metrics-aggregator"), ANALYST_WORKER("analyst-worker"),
	INGRESS_API("ingress-api");

	private final String module;

	Service(String module) {
		this.module = module;
	}

	public String module() {
		return this.module;
	}

}
