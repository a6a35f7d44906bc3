package dev.pipeline.predictor.kalman;

import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KalmanFilterTests {

	private final KalmanModel model = new KalmanModel(new ModelConfig("kalman", "1", ModelConfig.BUILTIN_KALMAN,
			ModelDescriptor.NUMBER_SERIES, null, 8, 0, null, Map.of()));

	@Test
	void shouldMatchHandComputedSeries() {
		// Q = R = P0 = 1, start at the first measurement:
		// k=0: P=2, K=2/3, x=1; P=2/3
		// k=1: P=5/3, K=5/8, x=1+5/8*(2-1)=1.625; P=5/8
		// k=2: P=13/8, K=13/21, x=1.625+13/21*(3-1.625)=2.476190...
		double[] filtered = new KalmanFilter(1, 1, null, 1).filter(new double[] { 1, 2, 3 });
		assertThat(filtered).containsExactly(new double[] { 1, 1.625, 1.625 + 13.0 / 21 * 1.375 }, within(1e-12));
	}

	@Test
	void shouldStartFromAGivenInitialEstimate() {
		// x0=0, P0=1, Q=0, R=1: K=1/2, x=0+0.5*(4-0)=2
		double[] filtered = new KalmanFilter(0, 1, 0.0, 1).filter(new double[] { 4 });
		assertThat(filtered).containsExactly(new double[] { 2 }, within(1e-12));
	}

	@Test
	void shouldFilterEachInstanceWithTheRequestParameters() throws Exception {
		Map<String, Object> parameters = Map.of("processNoise", 1, "measurementNoise", 1, "initialError", 1);
		List<JsonNode> outputs = this.model.predict(List.of(new ModelInput(series(1, 2, 3), parameters),
				new ModelInput(series(5), Map.of())));
		assertThat(outputs).hasSize(2);
		assertThat(outputs.get(0).get(1).doubleValue()).isCloseTo(1.625, within(1e-12));
		assertThat(outputs.get(1).get(0).doubleValue()).isEqualTo(5.0);
	}

	@Test
	void shouldSmoothNoiseWithDefaults() throws Exception {
		JsonNode output = this.model.predict(List.of(new ModelInput(series(10, 12, 8, 11, 9, 10), Map.of()))).get(0);
		assertThat(output.size()).isEqualTo(6);
		assertThat(output.get(5).doubleValue()).isBetween(9.5, 10.5);
	}

	@Test
	void shouldRejectParametersThatAreNotPositiveFiniteNumbers() {
		assertThat(this.model.validateParameters(Map.of("processNoise", -1))).isNotNull()
			.satisfies(error -> assertThat(error.code()).isEqualTo("INVALID_PARAMETERS"));
		assertThat(this.model.validateParameters(Map.of("measurementNoise", 0))).isNotNull();
		assertThat(this.model.validateParameters(Map.of("measurementNoise", "high"))).isNotNull();
		assertThat(this.model.validateParameters(Map.of("initialError", Double.POSITIVE_INFINITY))).isNotNull();
		assertThat(this.model.validateParameters(Map.of("processNoise", 0.5, "initialEstimate", -3))).isNull();
	}

	private static JsonNode series(double... values) {
		var array = JsonNodeFactory.instance.arrayNode();
		for (double value : values) {
			array.add(value);
		}
		return array;
	}

}
