package dev.pipeline.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.pipeline.benchmark.report.Scenarios;
import dev.pipeline.contracts.PipelineJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seconds-long smoke run of the harness on the in-process baseline: the table, CSV and
 * JSON come out complete and well-formed. No figure is asserted: timing belongs to the
 * benchmark, not to the test suite.
 */
class BenchmarkRunTests {

	private static final Path HOME = Path.of("").toAbsolutePath().getParent();

	@Test
	void shouldWriteTableCsvAndJsonForTheInProcessBaseline(@TempDir Path out) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--baseline-only", "--window-seconds", "0.3",
				"--stable-windows", "1", "--max-windows", "1", "--warmup-seconds", "0.2", "--concurrency", "1,2",
				"--batch-sizes", "4", "--out", out.toString() }, HOME);

		Path folder = new BenchmarkRun(options).run();

		JsonNode results = PipelineJson.mapper().readTree(Files.readString(folder.resolve("results.json")));
		assertThat(results.path("commit").asString()).isNotBlank();
		assertThat(results.path("machine").path("cores").asInt()).isPositive();
		assertThat(results.path("settings").path("sentimentModels").path("1").path("maxBatchSize").asInt())
			.isPositive();
		assertThat(results.path("settings").path("sentimentModels").path("2").path("version").asString())
			.isEqualTo("2");
		List<String> scenarios = results.path("points").valueStream().map(p -> p.path("scenario").asString()).toList();
		assertThat(scenarios).as("every sentiment version side by side, then Kalman")
			.containsExactly(Scenarios.INPROCESS_SENTIMENT, Scenarios.INPROCESS_SENTIMENT,
					Scenarios.INPROCESS_SENTIMENT_BATCHED, "inprocess-sentiment-v2", "inprocess-sentiment-v2",
					"inprocess-sentiment-batched-v2", Scenarios.INPROCESS_KALMAN, Scenarios.INPROCESS_KALMAN);
		for (JsonNode point : results.path("points")) {
			assertThat(point.path("requests").asLong()).as("requests of %s", point).isPositive();
			assertThat(point.path("errors").asLong()).as("errors of %s", point).isZero();
			assertThat(point.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(point.path("p50Ms").asDouble());
		}

		List<String> csv = Files.readAllLines(folder.resolve("points.csv"));
		assertThat(csv).hasSize(1 + 8);
		int columns = csv.get(0).split(",").length;
		assertThat(csv).allSatisfy(line -> assertThat(line.split(",")).hasSize(columns));
		assertThat(csv.get(3)).startsWith("inprocess-sentiment-batched,batch,4,");

		assertThat(Files.readString(folder.resolve("table.txt"))).contains("inprocess-sentiment-batched", "batch=4",
				"p99 ms");
	}

	@Test
	void shouldMeasureTheDirectHttpBaselineLikeTheSynchronousRouteWithoutAStack(@TempDir Path out) throws Exception {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--scenarios", "inprocess,direct-http",
				"--window-seconds", "0.3", "--stable-windows", "1", "--max-windows", "1", "--warmup-seconds", "0.2",
				"--concurrency", "1,2", "--batch-sizes", "4", "--rates", "0.5", "--out", out.toString() }, HOME);
		assertThat(options.needsStack()).as("the direct HTTP endpoint runs in the benchmark's JVM").isFalse();

		Path folder = new BenchmarkRun(options).run();

		JsonNode results = PipelineJson.mapper().readTree(Files.readString(folder.resolve("results.json")));
		List<String> points = results.path("points")
			.valueStream()
			.filter(p -> p.path("scenario").asString().startsWith("direct-http"))
			.map(p -> p.path("scenario").asString() + " " + p.path("point").path("mode").asString())
			.toList();
		assertThat(points).as("closed loop at 1 and 2 callers, then one open-loop rate, for each model")
			.containsExactly("direct-http-sentiment CONCURRENCY", "direct-http-sentiment CONCURRENCY",
					"direct-http-sentiment RATE", "direct-http-kalman CONCURRENCY", "direct-http-kalman CONCURRENCY",
					"direct-http-kalman RATE");
		for (JsonNode point : results.path("points")) {
			assertThat(point.path("requests").asLong()).as("requests of %s", point).isPositive();
			assertThat(point.path("errors").asLong()).as("errors of %s", point).isZero();
		}
		assertThat(results.path("settings").path("directHttp").path("requestThreads").asInt()).isEqualTo(200);
		List<String> comparisons = Files.readAllLines(folder.resolve("comparisons.csv"));
		assertThat(comparisons)
			.anySatisfy(line -> assertThat(line).startsWith("direct-http-sentiment,c=1,inprocess-sentiment c=1,"));
		assertThat(comparisons)
			.anySatisfy(line -> assertThat(line).startsWith("direct-http-kalman,c=2,inprocess-kalman c=2,"));
		assertThat(Files.readString(folder.resolve("table.txt"))).contains("direct-http-sentiment",
				"direct-http-kalman");
	}

	@Test
	void shouldRunTheBaselinesByDefault() {
		BenchmarkOptions defaults = BenchmarkOptions.parse(new String[0], HOME);
		assertThat(defaults.runs("direct-http")).isTrue();
		assertThat(defaults.runs("kafka-floor")).isTrue();
		assertThat(BenchmarkOptions.parse(new String[] { "--scenarios", "kafka-floor" }, HOME).needsStack()).isTrue();
	}

	@Test
	void shouldMeasureJobsByPollingAndByTheirEventStreamByDefault() {
		BenchmarkOptions defaults = BenchmarkOptions.parse(new String[0], HOME);
		assertThat(defaults.runs("jobs")).isTrue();
		assertThat(defaults.runs("jobs-events")).isTrue();
		assertThat(BenchmarkOptions.parse(new String[] { "--scenarios", "jobs-events" }, HOME).predictsThroughStack())
			.as("warms the stack first, as every route through it")
			.isTrue();
	}

	@Test
	void shouldTakeTheKafkaScenarioDeeperThanTheRestRoutesUnlessToldOtherwise() {
		assertThat(BenchmarkOptions.parse(new String[0], HOME).kafkaConcurrency())
			.as("a direct producer keeps many records in flight")
			.containsExactly(1, 4, 16, 64, 256, 1024);
		assertThat(BenchmarkOptions.parse(new String[] { "--concurrency", "1,64" }, HOME).kafkaConcurrency())
			.containsExactly(1, 64, 256, 1024);
		assertThat(BenchmarkOptions.parse(new String[] { "--concurrency", "1,512" }, HOME).kafkaConcurrency())
			.as("only depths beyond the REST routes' deepest point")
			.containsExactly(1, 512, 1024);
		assertThat(
				BenchmarkOptions.parse(new String[] { "--concurrency", "1,64", "--kafka-concurrency", "8,4096" }, HOME)
					.kafkaConcurrency())
			.containsExactly(8, 4096);
	}

	@Test
	void shouldPinTheSentimentVersionsOnlyWhenAskedFor() {
		BenchmarkOptions defaults = BenchmarkOptions.parse(new String[0], HOME);
		assertThat(defaults.modelVersions()).as("one sweep naming no version").isEmpty();
		assertThat(defaults.sentimentVersions()).as("every version folder in-process").isEmpty();

		BenchmarkOptions pinned = BenchmarkOptions
			.parse(new String[] { "--model-versions", "1, 2", "--sentiment-versions", "2" }, HOME);
		assertThat(pinned.modelVersions()).containsExactly("1", "2");
		assertThat(pinned.sentimentVersions()).containsExactly("2");
	}

	@Test
	void shouldRefuseAnUnknownScenario() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--scenarios", "sync,teleport" }, HOME))
			.withMessageContaining("teleport");
	}

	@Test
	void shouldRunTheAggregatorScenarioOnlyWhenAskedFor() {
		BenchmarkOptions defaults = BenchmarkOptions.parse(new String[0], HOME);
		assertThat(defaults.runs("aggregator")).isFalse();
		assertThat(defaults.predictsThroughStack()).isTrue();

		BenchmarkOptions aggregator = BenchmarkOptions
			.parse(new String[] { "--scenarios", "aggregator", "--aggregator-results", "500" }, HOME);
		assertThat(aggregator.runs("aggregator")).isTrue();
		assertThat(aggregator.aggregatorResults()).isEqualTo(500);
		assertThat(aggregator.needsStack()).isTrue();
		assertThat(aggregator.predictsThroughStack()).as("no stack warm-up for results written directly").isFalse();
	}

}
