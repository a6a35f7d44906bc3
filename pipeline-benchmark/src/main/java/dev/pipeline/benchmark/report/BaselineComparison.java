package dev.pipeline.benchmark.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.pipeline.benchmark.load.LoadPoint;
import dev.pipeline.benchmark.load.PointResult;

/**
 * Sets every closed-loop pipeline point against the in-process baseline measured in the
 * same run: throughput against the best batched in-process throughput (the compute
 * limit), and p50 against the unbatched in-process call at the same concurrency (what the
 * pipeline adds).
 */
public final class BaselineComparison {

	/**
	 * Issue 7: at saturation, at least this fraction of the in-process batched
	 * throughput.
	 */
	static final double THROUGHPUT_GOAL = 0.80;

	/**
	 * Issue 7: at low load, at most this many milliseconds of p50 added by the
	 * synchronous route.
	 */
	static final double ADDED_LATENCY_GOAL_MS = 5.0;

	private BaselineComparison() {
	}

	public static List<Comparison> compare(List<PointResult> points) {
		List<Comparison> comparisons = new ArrayList<>();
		Optional<PointResult> bestBatched = best(points, Scenarios.INPROCESS_SENTIMENT_BATCHED);
		for (PointResult point : points) {
			if (point.point().mode() != LoadPoint.Mode.CONCURRENCY || point.requests() == 0) {
				continue;
			}
			String baselineScenario = switch (point.scenario()) {
				case Scenarios.REST_SYNC_SENTIMENT, Scenarios.REST_JOBS_SENTIMENT, Scenarios.KAFKA_DIRECT_SENTIMENT ->
					Scenarios.INPROCESS_SENTIMENT;
				case Scenarios.REST_SYNC_KALMAN -> Scenarios.INPROCESS_KALMAN;
				default -> null;
			};
			if (baselineScenario == null) {
				continue;
			}
			Optional<PointResult> same = find(points, baselineScenario, point.point());
			if (same.isPresent()) {
				comparisons.add(of(point, same.get(), baselineScenario + " " + point.point().label()));
			}
			if (bestBatched.isPresent() && Scenarios.INPROCESS_SENTIMENT.equals(baselineScenario)) {
				comparisons.add(of(point, bestBatched.get(),
						Scenarios.INPROCESS_SENTIMENT_BATCHED + " " + bestBatched.get().point().label()));
			}
		}
		return comparisons;
	}

	public static List<Goal> goals(List<PointResult> points) {
		List<Goal> goals = new ArrayList<>();
		Optional<PointResult> bestBatched = best(points, Scenarios.INPROCESS_SENTIMENT_BATCHED);
		for (String scenario : List.of(Scenarios.REST_SYNC_SENTIMENT, Scenarios.KAFKA_DIRECT_SENTIMENT,
				Scenarios.REST_JOBS_SENTIMENT)) {
			Optional<PointResult> saturated = best(points, scenario);
			if (saturated.isPresent() && bestBatched.isPresent()) {
				double ratio = saturated.get().throughput() / bestBatched.get().throughput();
				goals.add(new Goal(scenario + " throughput at saturation / in-process batched",
						saturated.get().point().label() + " vs " + bestBatched.get().point().label(), ratio,
						">= " + THROUGHPUT_GOAL, ratio >= THROUGHPUT_GOAL));
			}
		}
		Optional<PointResult> sync = find(points, Scenarios.REST_SYNC_SENTIMENT, LoadPoint.concurrency(1));
		Optional<PointResult> inProcess = find(points, Scenarios.INPROCESS_SENTIMENT, LoadPoint.concurrency(1));
		if (sync.isPresent() && inProcess.isPresent()) {
			double added = sync.get().p50Ms() - inProcess.get().p50Ms();
			goals.add(new Goal(Scenarios.REST_SYNC_SENTIMENT + " p50 added over in-process (ms)", "c=1", added,
					"<= " + ADDED_LATENCY_GOAL_MS, added <= ADDED_LATENCY_GOAL_MS));
		}
		return goals;
	}

	private static Comparison of(PointResult pipeline, PointResult baseline, String baselineName) {
		return new Comparison(pipeline.scenario(), pipeline.point().label(), baselineName, pipeline.throughput(),
				baseline.throughput(), pipeline.throughput() / baseline.throughput(), pipeline.p50Ms(),
				baseline.p50Ms(), pipeline.p50Ms() - baseline.p50Ms());
	}

	/**
	 * The closed-loop or batch point with the highest throughput: the scenario's
	 * saturation point.
	 */
	static Optional<PointResult> best(List<PointResult> points, String scenario) {
		return points.stream()
			.filter(point -> point.scenario().equals(scenario) && point.point().mode() != LoadPoint.Mode.RATE)
			.filter(point -> point.requests() > 0)
			.max(Comparator.comparingDouble(PointResult::throughput));
	}

	private static Optional<PointResult> find(List<PointResult> points, String scenario, LoadPoint at) {
		return points.stream()
			.filter(point -> point.scenario().equals(scenario) && point.point().equals(at) && point.requests() > 0)
			.findFirst();
	}

}
