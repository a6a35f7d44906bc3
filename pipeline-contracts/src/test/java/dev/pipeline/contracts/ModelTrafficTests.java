package dev.pipeline.contracts;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelTrafficTests {

	private static final List<String> SERVED = List.of("1", "2");

	@Test
	void shouldSendEveryIdToTheOnlyVersionWithWeight() {
		ModelTraffic toOne = split(Map.of("1", 100, "2", 0));
		ModelTraffic toTwo = split(Map.of("1", 0, "2", 100));

		for (int i = 0; i < 200; i++) {
			String id = UUID.randomUUID().toString();
			assertThat(toOne.versionFor(id)).isEqualTo("1");
			assertThat(toTwo.versionFor(id)).isEqualTo("2");
		}
	}

	@Test
	void shouldSplitIdsByTheirStableBucketInTheWeightsProportions() {
		ModelTraffic canary = split(Map.of("1", 90, "2", 10));
		Map<String, Integer> counts = new HashMap<>();

		for (int i = 0; i < 10_000; i++) {
			String id = UUID.randomUUID().toString();
			String version = canary.versionFor(id);
			assertThat(canary.versionFor(id)).isEqualTo(version);
			assertThat(version).isEqualTo((ModelTraffic.bucket(id) < 90) ? "1" : "2");
			counts.merge(version, 1, Integer::sum);
		}

		assertThat(counts.get("2")).isBetween(800, 1200);
		// CRC-32 of the UTF-8 bytes, modulo 100: the same in any process or language
		// (Python: zlib.crc32(b"request-1") % 100).
		assertThat(ModelTraffic.bucket("request-1")).isEqualTo(45);
		assertThat(ModelTraffic.bucket("00000000-0000-0000-0000-000000000000")).isEqualTo(25);
	}

	@Test
	void shouldNameEveryProblemOfASplit() {
		assertThat(split(Map.of("1", 90, "2", 10)).problems(SERVED)).isEmpty();
		assertThat(split(Map.of("1", 90, "2", 20)).problems(SERVED)).extracting(FieldProblem::field)
			.containsExactly("weights");
		assertThat(split(Map.of("1", 110, "2", -10)).problems(SERVED)).extracting(FieldProblem::field)
			.containsExactly("weights.1", "weights.2");
		assertThat(split(Map.of("1", 50, "3", 50)).problems(SERVED)).extracting(FieldProblem::field)
			.containsExactly("weights.3");
		assertThat(split(Map.of()).problems(SERVED)).extracting(FieldProblem::field).containsExactly("weights");
		assertThat(new ModelTraffic(1, "m", Map.of("1", 100), "9", Instant.EPOCH).problems(SERVED))
			.extracting(FieldProblem::field)
			.containsExactly("shadow");
	}

	@Test
	void shouldReadBackWhatItWrites() {
		ModelTraffic split = new ModelTraffic(1, "m", Map.of("2", 10, "1", 90), "2", Instant.EPOCH);

		ModelTraffic read = PipelineJson.mapper()
			.readValue(PipelineJson.mapper().writeValueAsString(split), ModelTraffic.class);

		assertThat(read).isEqualTo(split);
		assertThat(read.weights().keySet()).containsExactly("1", "2");
	}

	private static ModelTraffic split(Map<String, Integer> weights) {
		return new ModelTraffic(ModelTraffic.SCHEMA_VERSION, "m", weights, null, Instant.EPOCH);
	}

}
