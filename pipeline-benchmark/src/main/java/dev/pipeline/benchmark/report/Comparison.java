package dev.pipeline.benchmark.report;

/**
 * One pipeline point set against the in-process baseline: throughput as a fraction of the
 * baseline's, and the p50 latency the pipeline adds on top of it.
 *
 * @param baseline the baseline point compared against ({@code best batched}, or the same
 * concurrency)
 */
public record Comparison(String scenario, String point, String baseline, double throughput, double baselineThroughput,
		double throughputRatio, double p50Ms, double baselineP50Ms, double addedP50Ms) {
}
