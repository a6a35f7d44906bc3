package dev.pipeline.local;

/**
 * The four services of the pipeline, where their runnable jars are built, and the JVM
 * options the local stack gives them.
 */
public enum Service {

	PREDICTOR_WORKER("predictor-worker"), METRICS_AGGREGATOR("metrics-aggregator"), ANALYST_WORKER("analyst-worker"),
	INGRESS_API("ingress-api");

	/**
	 * Sized for a small service that must stay under 300 MiB resident
	 * (docs/benchmarks.md, "Fixed costs, memory and warm-up", measures what each one
	 * trades). A heap of 128 MiB is three times the live data measured at benchmark load;
	 * the serial collector has no concurrent threads and no remembered sets to pay for at
	 * this size, and its young pauses stay around a millisecond; metaspace and code cache
	 * are capped at about twice what a warmed service uses, so a leak fails loudly
	 * instead of growing; direct buffers (the Kafka clients and Tomcat use a few MiB) are
	 * capped at 64 MiB. Options given to the stack (PIPELINE_SERVICE_JAVA_OPTS, the chaos
	 * harness's -Xmx512m) come after these on the command line, so they win.
	 */
	static final String JAVA_OPTIONS = "-Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m"
			+ " -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m";

	private final String module;

	Service(String module) {
		this.module = module;
	}

	public String module() {
		return this.module;
	}

	/** The JVM options of the service, followed by {@code extra} (which win). */
	public String javaOptions(String extra) {
		return (JAVA_OPTIONS + " " + extra).trim();
	}

}
