package dev.pipeline.local;

/**
 * The four services of the pipeline, where their runnable jars are built, and the JVM
 * options the local stack gives them.
 */
public enum Service {

	PREDICTOR_WORKER("predictor-worker", Service.HEAP), METRICS_AGGREGATOR("metrics-aggregator", Service.HEAP),
	ANALYST_WORKER("analyst-worker", Service.HEAP), INGRESS_API("ingress-api", Service.INGRESS_HEAP);

	/**
	 * Sized for a small service that must stay under 300 MiB resident
	 * (docs/benchmarks.md, "Fixed costs, memory and warm-up", measures what each one
	 * trades). The heap is each service's own ({@link #HEAP}, {@link #INGRESS_HEAP}); the
	 * serial collector has no concurrent threads and no remembered sets to pay for at
	 * this size, and its young pauses stay around a millisecond; metaspace and code cache
	 * are capped at about twice what a warmed service uses, so a leak fails loudly
	 * instead of growing; direct buffers (the Kafka clients and Tomcat use a few MiB) are
	 * capped at 64 MiB. Options given to the stack (PIPELINE_SERVICE_JAVA_OPTS, the chaos
	 * harness's -Xmx512m) come after these on the command line, so they win.
	 */
	static final String JAVA_OPTIONS = "-XX:+UseSerialGC -XX:MaxMetaspaceSize=192m"
			+ " -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m";

	/**
	 * 128 MiB, two to three times the live data measured at benchmark load. A heap under
	 * load ends up fully resident (the old generation is collected only once it is full),
	 * so this is also what the heap adds to the resident set.
	 */
	static final String HEAP = "-Xmx128m";

	/**
	 * The ingress: its old generation as before (88 MiB, 1.7 times the 52 MiB of live
	 * data left after a full collection at benchmark load), a young generation of 24 MiB
	 * instead of a third of the heap (43 MiB). 16 MiB less resident; young collections
	 * come about twice as often and each takes about half as long (what survives one is
	 * the requests in flight, not the eden's size), so a benchmark run spent the same
	 * time in them (docs/benchmarks.md, "Memory: the JVM options of the local stack").
	 */
	static final String INGRESS_HEAP = "-Xmx112m -Xmn24m";

	/**
	 * C1 only, for every service: their hot Java code is framework code (Tomcat, the
	 * Kafka clients, Streams, JSON), and the worker's model runs in ONNX Runtime's and
	 * the tokenizer's native code. C2's compiler threads and larger code cache cost more
	 * CPU and resident memory than its faster code gives back at the loads measured
	 * (docs/benchmarks.md, "Compilers: C1 for the services around the model": the worker
	 * spent the same CPU per prediction with C1 and kept 40 MiB less).
	 */
	static final String COMPILER = "-XX:TieredStopAtLevel=1";

	private final String module;

	private final String heap;

	Service(String module, String heap) {
		this.module = module;
		this.heap = heap;
	}

	public String module() {
		return this.module;
	}

	/** The JVM options of the service, followed by {@code extra} (which win). */
	public String javaOptions(String extra) {
		return (this.heap + " " + JAVA_OPTIONS + " " + COMPILER + " " + extra).trim();
	}

}
