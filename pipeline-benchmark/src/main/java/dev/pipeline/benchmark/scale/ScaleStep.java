package dev.pipeline.benchmark.scale;

import java.util.Map;

/**
 * One measured step of the scale scenario: a path under a number of callers, with the
 * workers and request partitions of the moment, and what every process of the stack used
 * meanwhile.
 *
 * @param path {@link #KAFKA_DIRECT} or {@link #REST_SYNC}
 * @param callers closed-loop callers; 0 for the idle step (no load at all)
 * @param throughput predictions per second (0 when idle)
 * @param cores cores each process group used over the step, by the names of
 * {@code ProcessCpu} (every extra worker under its own name)
 * @param rssMiB resident memory of each service at the end of the step
 */
public record ScaleStep(String path, int partitions, int workers, int callers, double throughput, double p50Ms,
		double p99Ms, long errors, boolean stable, Map<String, Double> cores, Map<String, Double> rssMiB) {

	/** A plain producer to {@code inference.requests}, results read back (no ingress). */
	public static final String KAFKA_DIRECT = "kafka-direct";

	/** {@code POST /v1/models/sentiment/predict}, answered through the reply topic. */
	public static final String REST_SYNC = "rest-sync";

	/** The steps before any load: what the stack burns doing nothing. */
	public static final String IDLE = "idle";

	/**
	 * Cores used by every process of the machine's stack together, load generator
	 * included.
	 */
	public double totalCores() {
		return this.cores.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/** Cores used by one service, every instance of it together. */
	public double coresOf(String service) {
		return this.cores.entrySet()
			.stream()
			.filter(entry -> CoreModel.serviceOf(entry.getKey()).equals(service))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

}
