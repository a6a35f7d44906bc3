package dev.pipeline.benchmark.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pipeline.benchmark.report.BaselineComparison;
import dev.pipeline.benchmark.report.Machine;
import dev.pipeline.benchmark.report.ResultFiles;
import dev.pipeline.benchmark.report.RunReport;
import dev.pipeline.benchmark.report.Scenarios;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka's own EndToEndLatency tool, run in this JVM against a real broker: it does not
 * exit the JVM, its summary is read, and the figures reach results.json, the CSV and the
 * table. No figure is asserted beyond its shape.
 */
class KafkaFloorTests {

	@Test
	void shouldRunKafkasLatencyToolAndReportOneHop(@TempDir Path out) throws Exception {
		Map<String, Object> floor = KafkaFloor.measure(SharedTestServers.get().kafkaBootstrapServers(), 200);

		assertThat(floor.get("tool").toString()).startsWith("org.apache.kafka.tools.EndToEndLatency ")
			.contains("--producer-acks all", "--num-records 200");
		assertThat((int) floor.get("valueBytes")).as("a prediction request's size").isGreaterThan(100);
		assertThat((int) floor.get("oneHopP99Ms")).isGreaterThanOrEqualTo((int) floor.get("oneHopP50Ms"));
		assertThat((double) floor.get("oneHopAvgMs")).isPositive();

		RunReport report = new RunReport(Instant.now().toString(), "test", Machine.current(),
				Machine.currentLoadAverage(), Map.of(), List.of(), List.of(), List.of(), Map.of(),
				Map.of(Scenarios.KAFKA_FLOOR, BaselineComparison.besideFloor(floor, List.of())), List.of());
		ResultFiles.write(out, report);

		JsonNode results = PipelineJson.mapper().readTree(Files.readString(out.resolve("results.json")));
		assertThat(results.path("measurements").path(Scenarios.KAFKA_FLOOR).path("twoHopsP50Ms").isNumber()).isTrue();
		List<String> csv = Files.readAllLines(out.resolve("measurements.csv"));
		assertThat(csv.get(0)).isEqualTo("measurement,figure,value");
		assertThat(csv).contains("kafka-floor,oneHopP50Ms," + floor.get("oneHopP50Ms"));
		assertThat(csv).anySatisfy(line -> assertThat(line).startsWith("kafka-floor,tool,"));
		assertThat(Files.readString(out.resolve("table.txt"))).contains(Scenarios.KAFKA_FLOOR, "twoHopsP50Ms");
	}

}
