package dev.pipeline.benchmark.scale;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cores as a straight line of throughput, per service: {@code cores = fixed + perThousand
 * × predictions per second ÷ 1,000}, fitted by least squares over the steps of one path
 * with one worker and the stack's first partition count (the idle step included). The
 * slope in cores per 1,000 predictions a second is also the CPU milliseconds per
 * prediction; the intercept is what the service burns whatever the load.
 *
 * @param path the path whose steps were fitted
 * @param computeMsPerPrediction the model's own compute, measured in-process: the part of
 * the worker's slope that grows with the model
 * @param services one line per service, in the order of {@link #SERVICES}
 */
public record CoreModel(String path, double computeMsPerPrediction, List<ServiceCost> services) {

	/**
	 * The services of the stack, by the names {@code ProcessCpu} gives them; extra
	 * workers ({@code predictor-worker-2}, ...) count as {@code predictor-worker}.
	 */
	static final List<String> SERVICES = List.of("ingress-api", "predictor-worker", "kafka-broker",
			"metrics-aggregator", "analyst-worker", "redis", "postgres", "benchmark");

	/**
	 * One service's line.
	 *
	 * @param fixedCores cores used at no load (the intercept)
	 * @param coresPerThousand cores per 1,000 predictions a second (the slope; equal to
	 * CPU ms per prediction)
	 */
	public record ServiceCost(String service, double fixedCores, double coresPerThousand) {
	}

	static String serviceOf(String processGroup) {
		return processGroup.startsWith("predictor-worker") ? "predictor-worker" : processGroup;
	}

	/**
	 * Fits every service over {@code steps} (those of {@code path} and the idle ones); a
	 * service needs two different throughputs to be fitted.
	 */
	static CoreModel fit(String path, List<ScaleStep> steps, double computeMsPerPrediction) {
		List<ScaleStep> points = steps.stream()
			.filter(step -> step.path().equals(path) || step.path().equals(ScaleStep.IDLE))
			.toList();
		Set<String> services = new LinkedHashSet<>(SERVICES);
		points.forEach(step -> step.cores().keySet().forEach(group -> services.add(serviceOf(group))));
		List<ServiceCost> lines = new ArrayList<>();
		if (points.stream().mapToDouble(ScaleStep::throughput).distinct().count() < 2) {
			return new CoreModel(path, computeMsPerPrediction, lines);
		}
		for (String service : services) {
			double n = points.size();
			double meanX = points.stream().mapToDouble(ScaleStep::throughput).sum() / n;
			double meanY = points.stream().mapToDouble(step -> step.coresOf(service)).sum() / n;
			double covariance = 0;
			double variance = 0;
			for (ScaleStep step : points) {
				covariance += (step.throughput() - meanX) * (step.coresOf(service) - meanY);
				variance += (step.throughput() - meanX) * (step.throughput() - meanX);
			}
			double slope = covariance / variance;
			lines.add(new ServiceCost(service, round(meanY - slope * meanX), round(slope * 1000)));
		}
		return new CoreModel(path, computeMsPerPrediction, lines);
	}

	/** Cores per 1,000 predictions a second of every service together. */
	public double totalCoresPerThousand() {
		return round(this.services.stream().mapToDouble(ServiceCost::coresPerThousand).sum());
	}

	/** The worker's slope less the model's compute: its fixed cost per prediction. */
	public double workerOutsideModel() {
		return round(this.services.stream()
			.filter(line -> line.service().equals("predictor-worker"))
			.mapToDouble(ServiceCost::coresPerThousand)
			.sum() - this.computeMsPerPrediction);
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
