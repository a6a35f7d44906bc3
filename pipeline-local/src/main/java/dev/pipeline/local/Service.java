package dev.pipeline.local;

/**
 * The four services of the pipeline, where their runnable jars are built, and the JVM
 * options the local stack gives them.
 */
public enum Service {

	PREDICTOR_WORKER("predictor-worker", false), METRICS_AGGREGATOR("metrics-aggregator", true),
	ANALYST_WORKER("analyst-worker", true), INGRESS_API("ingress-api", true);

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

	/**
	 * C1 only, for the services whose hot code is framework code (Tomcat, the Kafka
	 * clients, Streams, JSON): C2's compiler threads and larger code cache cost them more
	 * CPU and resident memory than its faster code gives back at the loads measured
	 * (docs/benchmarks.md, "Compilers: C1 for the services around the model"). The
	 * predictor worker keeps tiered compilation: its batching and tensor code is where
	 * C2's code pays.
	 */
	static final String FRAMEWORK_COMPILER = "-XX:TieredStopAtLevel=1";

	private final String module;

	private final boolean frameworkCode;

	Service(String module, boolean frameworkCode) {
		this.module = module;
		this.frameworkCode = frameworkCode;
	}

	public String module() {
		return this.module;
	}

	/** The JVM options of the service, followed by {@code extra} (which win). */
	public String javaOptions(String extra) {
		return (JAVA_OPTIONS + (this.frameworkCode ? " " + FRAMEWORK_COMPILER : "") + " " + extra).trim();
	}

}
