package dev.pipeline.benchmark.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.benchmark.load.LoadPoint;
import dev.pipeline.benchmark.load.PointResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arithmetic of the price of Kafka and of the transport floor's neighbours, on
 * made-up points: which points are set against which, not how fast anything is.
 */
class BaselineComparisonTests {

	private static final List<PointResult> POINTS = List.of(point(Scenarios.INPROCESS_SENTIMENT, 1, 100, 9),
			point(Scenarios.DIRECT_HTTP_SENTIMENT, 1, 90, 10), point(Scenarios.DIRECT_HTTP_SENTIMENT, 4, 200, 20),
			point(Scenarios.DIRECT_HTTP_SENTIMENT, 16, 180, 80), point(Scenarios.REST_SYNC_SENTIMENT, 1, 40, 25),
			point(Scenarios.REST_SYNC_SENTIMENT, 4, 50, 80), point(Scenarios.REST_SYNC_SENTIMENT, 16, 100, 160));

	@Test
	void shouldPriceKafkaAsSyncRestAtSaturationOverDirectHttpAtSaturation() {
		List<Comparison> saturation = BaselineComparison.compare(POINTS)
			.stream()
			.filter(c -> c.baseline().endsWith("(both at saturation)"))
			.toList();

		assertThat(saturation).singleElement().satisfies(c -> {
			assertThat(c.scenario()).isEqualTo(Scenarios.REST_SYNC_SENTIMENT);
			assertThat(c.point()).isEqualTo("c=16");
			assertThat(c.baseline()).isEqualTo("direct-http-sentiment c=4 (both at saturation)");
			assertThat(c.throughputRatio()).isEqualTo(0.5);
		});
	}

	@Test
	void shouldSetEverySyncRestPointAgainstDirectHttpAtTheSameConcurrency() {
		List<Comparison> comparisons = BaselineComparison.compare(POINTS);

		assertThat(comparisons).filteredOn(c -> c.baseline().equals("direct-http-sentiment c=1"))
			.extracting(Comparison::scenario, Comparison::addedP50Ms)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Scenarios.REST_SYNC_SENTIMENT, 15.0));
		assertThat(comparisons).filteredOn(c -> c.scenario().equals(Scenarios.DIRECT_HTTP_SENTIMENT))
			.extracting(Comparison::baseline)
			.as("direct HTTP itself is set against the in-process call")
			.contains("inprocess-sentiment c=1");
	}

	@Test
	void shouldPutTheSyncRestAddedLatencyBesideTheTransportFloor() {
		Map<String, Object> floor = new LinkedHashMap<>();
		floor.put("oneHopP50Ms", 1);
		floor.put("twoHopsP50Ms", 2);

		Map<String, Object> figures = BaselineComparison.besideFloor(floor, POINTS);

		assertThat(figures).containsEntry("oneHopP50Ms", 1)
			.containsEntry("rest-sync-sentiment p50 added over inprocess-sentiment at c=1 (ms)", 16.0)
			.containsEntry("rest-sync-sentiment p50 added over direct-http-sentiment at c=1 (ms)", 15.0);
	}

	@Test
	void shouldSetAPinnedVersionAgainstTheInProcessBaselineOfThatVersion() {
		String pinned = Scenarios.versioned(Scenarios.REST_SYNC_SENTIMENT, "2");
		List<PointResult> points = List.of(point(Scenarios.INPROCESS_SENTIMENT, 1, 500, 2),
				batched(Scenarios.INPROCESS_SENTIMENT_BATCHED, 8, 800),
				point(Scenarios.versioned(Scenarios.INPROCESS_SENTIMENT, "2"), 1, 250, 4),
				batched(Scenarios.versioned(Scenarios.INPROCESS_SENTIMENT_BATCHED, "2"), 8, 400),
				point(pinned, 1, 200, 6));

		assertThat(BaselineComparison.compare(points)).filteredOn(c -> c.scenario().equals(pinned))
			.extracting(Comparison::baseline, Comparison::throughputRatio)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("inprocess-sentiment-v2 c=1", 0.8),
					org.assertj.core.groups.Tuple.tuple("inprocess-sentiment-batched-v2 batch=8", 0.5));
		assertThat(Scenarios.versioned(Scenarios.REST_SYNC_SENTIMENT, Scenarios.PLAIN_VERSION))
			.isEqualTo(Scenarios.REST_SYNC_SENTIMENT);
	}

	private static PointResult batched(String scenario, int size, double throughput) {
		return new PointResult(scenario, LoadPoint.batch(size), throughput, 10, 10, 10, 10, 10, 10, 100, 0, 3, true,
				Map.of());
	}

	private static PointResult point(String scenario, int callers, double throughput, double p50Ms) {
		return new PointResult(scenario, LoadPoint.concurrency(callers), throughput, p50Ms, p50Ms, p50Ms, p50Ms, p50Ms,
				p50Ms, 100, 0, 3, true, Map.of());
	}

}
