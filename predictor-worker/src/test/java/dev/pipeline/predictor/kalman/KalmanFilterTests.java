package dev.pipeline.predictor.kalman;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ErrorInfo;
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
		assertThat(new KalmanFilter(0, 1, 0.0, 1).filter(new double[] { 4 })).containsExactly(new double[] { 2 },
				within(1e-12));
		// x0=0, P0=1, Q=1, R=1: the prediction's P grows to 2 first, so K=2/3, x=8/3
		assertThat(new KalmanFilter(1, 1, 0.0, 1).filter(new double[] { 4 })).containsExactly(new double[] { 8.0 / 3 },
				within(1e-12));
	}

	@Test
	void shouldLeaveAConstantSeriesAsItIsWhenStartingFromItsFirstValue() {
		// x0 = z0 = 7: every innovation z - x is 0, so the estimate never moves, whatever
		// the gain.
		double[] filtered = new KalmanFilter(1e-5, 0.01, null, 1).filter(new double[] { 7, 7, 7, 7, 7 });
		assertThat(filtered).containsExactly(new double[] { 7, 7, 7, 7, 7 }, within(0.0));
	}

	@Test
	void shouldConvergeToAConstantFromAWrongStart() {
		// Q=0, R=P0=1, x0=0, z=5 throughout: P(n)=1/(n+1) and K(n)=1/(n+1) after n
		// measurements,
		// so x(n)=5n/(n+1), the mean of the measurements and the start counted once.
		double[] constant = new double[200];
		Arrays.fill(constant, 5);
		double[] filtered = new KalmanFilter(0, 1, 0.0, 1).filter(constant);
		for (int k = 0; k < filtered.length; k++) {
			int measured = k + 1;
			assertThat(filtered[k]).as("estimate after %d measurements", measured)
				.isCloseTo(5.0 * measured / (measured + 1), within(1e-9));
		}
		assertThat(filtered[199]).isCloseTo(5, within(5.0 / 200));
	}

	@Test
	void shouldFilterEachInstanceWithTheRequestParameters() throws Exception {
		Map<String, Object> parameters = Map.of("processNoise", 1, "measurementNoise", 1, "initialError", 1);
		List<JsonNode> outputs = this.model
			.predict(List.of(new ModelInput(series(1, 2, 3), parameters), new ModelInput(series(5, 6), Map.of())));
		assertThat(outputs).hasSize(2);
		assertThat(values(outputs.get(0))).containsExactly(new double[] { 1, 1.625, 1.625 + 13.0 / 21 * 1.375 },
				within(1e-12));
		// Built-in defaults Q=1e-5, R=0.01, P0=1: k=1 has P=0.00990099+Q,
		// K=P/(P+R)=0.4977648...
		assertThat(values(outputs.get(1))).containsExactly(new double[] { 5, 5.497764829476612 }, within(1e-12));
	}

	@Test
	void shouldTakeTheConfigsParametersAsDefaults() throws Exception {
		KalmanModel configured = new KalmanModel(
				new ModelConfig("kalman", "1", ModelConfig.BUILTIN_KALMAN, ModelDescriptor.NUMBER_SERIES, null, 8, 0,
						null, Map.of("processNoise", 1.0, "measurementNoise", 1.0, "initialError", 1.0)));
		JsonNode output = configured.predict(List.of(new ModelInput(series(1, 2, 3), Map.of()))).get(0);
		assertThat(values(output)).containsExactly(new double[] { 1, 1.625, 1.625 + 13.0 / 21 * 1.375 }, within(1e-12));
	}

	@Test
	void shouldSmoothNoiseWithDefaults() throws Exception {
		// Q=1e-5, R=0.01, P0=1, starting at the first measurement:
		// k=0: P=1.00001, K=0.9900991, x=10 (no innovation), P=K*R=0.009900991
		// k=1: P=0.009910991, K=0.4977648, x=10+K*(12-10)=10.9955297, P=0.004977648
		// k=2..5 likewise (exact rational arithmetic, rounded to double).
		JsonNode output = this.model.predict(List.of(new ModelInput(series(10, 12, 8, 11, 9, 10), Map.of()))).get(0);
		assertThat(values(output)).containsExactly(new double[] { 10.0, 10.995529658953224, 9.99866556783248,
				10.249252881238798, 9.998401214273182, 9.998669675545987 }, within(1e-9));
	}

	@Test
	void shouldRejectParametersThatAreNotPositiveFiniteNumbers() {
		assertInvalid(Map.of("processNoise", -1), "processNoise must be a positive finite number, got -1");
		assertInvalid(Map.of("measurementNoise", 0), "measurementNoise must be a positive finite number, got 0");
		assertInvalid(Map.of("measurementNoise", "high"),
				"measurementNoise must be a positive finite number, got high");
		assertInvalid(Map.of("initialError", Double.POSITIVE_INFINITY),
				"initialError must be a positive finite number, got Infinity");
		assertInvalid(Map.of("initialEstimate", Double.NaN), "initialEstimate must be a finite number, got NaN");
		assertThat(this.model.validateParameters(Map.of("processNoise", 0.5, "initialEstimate", -3))).isNull();
	}

	private void assertInvalid(Map<String, Object> parameters, String message) {
		assertThat(this.model.validateParameters(parameters)).isEqualTo(new ErrorInfo("INVALID_PARAMETERS", message));
	}

	private static double[] values(JsonNode series) {
		double[] values = new double[series.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = series.get(i).doubleValue();
		}
		return values;
	}

	private static JsonNode series(double... values) {
		var array = JsonNodeFactory.instance.arrayNode();
		for (double value : values) {
			array.add(value);
		}
		return array;
	}

}
