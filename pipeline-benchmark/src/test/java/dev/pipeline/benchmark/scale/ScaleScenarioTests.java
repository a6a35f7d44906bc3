package dev.pipeline.benchmark.scale;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.benchmark.BenchmarkOptions;
import dev.pipeline.contracts.PipelineJson;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale scenario without a stack: it is chosen only when asked for, its cores model
 * is the straight line through its steps, and its CSV, text and JSON are well-formed. The
 * steps are made up; no figure of a real run is asserted.
 */
class ScaleScenarioTests {

	private static final Path HOME = Path.of("").toAbsolutePath().getParent();

	@Test
	void shouldRunTheScaleScenarioOnlyWhenAskedForAndStartNoOtherStackForIt() {
		assertThat(BenchmarkOptions.parse(new String[0], HOME).runs("scale")).isFalse();

		BenchmarkOptions scale = BenchmarkOptions.parse(new String[] { "--scenarios", "scale", "--quick" }, HOME);

		assertThat(scale.runs("scale")).isTrue();
		assertThat(scale.needsStack()).as("the scale scenario starts a stack of its own").isFalse();
		assertThat(scale.predictsThroughStack()).isFalse();
		assertThat(BenchmarkOptions.parse(new String[] { "--scenarios", "kafka,scale" }, HOME).needsStack()).isTrue();
	}

	@Test
	void shouldFitEachServiceAsFixedCoresPlusCoresPerThousandPredictions() {
		// worker: 0.1 + 1.5 per 1,000/s; broker: 0.05 + 0.4; an extra worker counts as
		// the worker.
		List<ScaleStep> steps = List.of(step(ScaleStep.IDLE, 1, 0, 0, Map.of()),
				step(ScaleStep.KAFKA_DIRECT, 1, 1, 200, Map.of()), step(ScaleStep.KAFKA_DIRECT, 1, 64, 1000, Map.of()),
				step(ScaleStep.KAFKA_DIRECT, 2, 64, 800, Map.of("predictor-worker-2", 0.6)));

		CoreModel model = CoreModel.fit(ScaleStep.KAFKA_DIRECT, steps.subList(0, 3), 1.2);

		assertThat(model.services()).contains(new CoreModel.ServiceCost("predictor-worker", 0.1, 1.5),
				new CoreModel.ServiceCost("kafka-broker", 0.05, 0.4));
		assertThat(model.workerOutsideModel()).isEqualTo(0.3);
		assertThat(steps.get(3).coresOf("predictor-worker")).isEqualTo(0.1 + 1.2 + 0.6,
				org.assertj.core.data.Offset.offset(1e-9));
		assertThat(CoreModel.fit(ScaleStep.REST_SYNC, steps.subList(0, 1), 1.2).services())
			.as("one throughput fits no line")
			.isEmpty();
	}

	@Test
	void shouldWriteOneCsvRowPerStepAndATableWithTheModel() throws Exception {
		List<ScaleStep> steps = List.of(step(ScaleStep.IDLE, 1, 0, 0, Map.of()),
				step(ScaleStep.KAFKA_DIRECT, 1, 64, 1000, Map.of()),
				step(ScaleStep.KAFKA_DIRECT, 3, 64, 900, Map.of("predictor-worker-2", 0.4, "predictor-worker-3", 0.4)));
		ScaleReport report = new ScaleReport(Map.of("partitions", ScaleRun.PARTITIONS),
				Map.of("cpuMsPerPrediction", 1.2), steps, List.of(CoreModel.fit(ScaleStep.KAFKA_DIRECT, steps, 1.2)),
				Map.of("ingress-api", Map.of("peakRssMiB", 250.0)), List.of("two cores"));

		List<String> csv = ScaleTable.csv(report).lines().toList();
		assertThat(csv).hasSize(1 + steps.size());
		int columns = csv.get(0).split(",").length;
		assertThat(csv).allSatisfy(line -> assertThat(line.split(",")).hasSize(columns));
		assertThat(csv.get(3)).startsWith("kafka-direct,3,3,64,900.00,");

		String text = ScaleTable.render(report);
		assertThat(text).contains("kafka-direct", "idle", "per 1,000/s", "predictor-worker", "Note: two cores");

		JsonNode json = PipelineJson.mapper().readTree(PipelineJson.mapper().writeValueAsString(report));
		assertThat(json.path("steps")).hasSize(3);
		assertThat(json.path("steps").get(2).path("cores").path("predictor-worker-3").asDouble()).isEqualTo(0.4);
		assertThat(json.path("models").get(0).path("services").isArray()).isTrue();
		assertThat(report.toString()).contains("3 steps", "scale.txt");
	}

	/**
	 * A made-up step whose services use exactly the cores of the lines above, plus
	 * {@code extra}.
	 */
	private static ScaleStep step(String path, int workers, int callers, double throughput, Map<String, Double> extra) {
		Map<String, Double> cores = new LinkedHashMap<>();
		cores.put("ingress-api", 0.02);
		cores.put("predictor-worker", 0.1 + 1.5 * throughput / 1000);
		cores.put("kafka-broker", 0.05 + 0.4 * throughput / 1000);
		cores.put("benchmark", 0.01);
		cores.putAll(extra);
		Map<String, Double> rss = new LinkedHashMap<>();
		cores.keySet().forEach(name -> rss.put(name, 200.0));
		return new ScaleStep(path, 3, workers, callers, throughput, 1.0, 2.0, 0, true, cores, rss);
	}

}
