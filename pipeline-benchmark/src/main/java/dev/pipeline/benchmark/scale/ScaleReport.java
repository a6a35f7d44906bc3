package dev.pipeline.benchmark.scale;

import java.util.List;
import java.util.Map;

/**
 * What the scale scenario measured, as it goes into {@code results.json} (under
 * {@code measurements.scale}), {@code scale.csv} and {@code scale.txt}.
 *
 * @param settings the scenario's own settings (partitions, workers, callers, the scale
 * stack's environment)
 * @param compute the model alone, in-process: predictions per second and CPU ms per
 * prediction
 * @param steps every step, in the order measured
 * @param models the cores model of each path
 * @param peakRssMiB each service's resident-set high-water mark at the end
 */
public record ScaleReport(Map<String, Object> settings, Map<String, Object> compute, List<ScaleStep> steps,
		List<CoreModel> models, Map<String, Map<String, Double>> peakRssMiB, List<String> notes) {

	/**
	 * What the run's table prints under "Other measurements": the figures are elsewhere.
	 */
	@Override
	public String toString() {
		double best = this.steps.stream().mapToDouble(ScaleStep::throughput).max().orElse(0);
		return this.steps.size() + " steps, best " + Math.round(best) + " pred/s; see scale.txt";
	}

}
