package dev.pipeline.predictor.kalman;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ServedModel;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The built-in {@code builtin-kalman} backend: each instance is one time series, filtered
 * independently with the request's (or the config's default) noise settings. Batching
 * only amortises scheduling here; there is no native session.
 */
public class KalmanModel implements ServedModel {

	public static final String PROCESS_NOISE = "processNoise";

	public static final String MEASUREMENT_NOISE = "measurementNoise";

	public static final String INITIAL_ESTIMATE = "initialEstimate";

	public static final String INITIAL_ERROR = "initialError";

	/**
	 * Defaults when the config names none: a slowly drifting level seen through noisy
	 * readings.
	 */
	static final Map<String, Double> BUILT_IN_DEFAULTS = Map.of(PROCESS_NOISE, 1e-5, MEASUREMENT_NOISE, 0.01,
			INITIAL_ERROR, 1.0);

	private final ModelConfig config;

	private final Map<String, Double> defaults;

	public KalmanModel(ModelConfig config) {
		this.config = config;
		Map<String, Double> merged = new HashMap<>(BUILT_IN_DEFAULTS);
		merged.putAll(config.parameters());
		this.defaults = Map.copyOf(merged);
	}

	@Override
	public ModelConfig config() {
		return this.config;
	}

	@Override
	public @Nullable ErrorInfo validateParameters(Map<String, Object> parameters) {
		for (String name : List.of(PROCESS_NOISE, MEASUREMENT_NOISE, INITIAL_ERROR)) {
			Object value = parameters.get(name);
			if (value != null && !(value instanceof Number number && isPositiveFinite(number.doubleValue()))) {
				return invalid(name + " must be a positive finite number, got " + value);
			}
		}
		Object initial = parameters.get(INITIAL_ESTIMATE);
		if (initial != null && !(initial instanceof Number number && Double.isFinite(number.doubleValue()))) {
			return invalid(INITIAL_ESTIMATE + " must be a finite number, got " + initial);
		}
		return null;
	}

	@Override
	public List<JsonNode> predict(List<ModelInput> batch) {
		List<JsonNode> outputs = new ArrayList<>(batch.size());
		for (ModelInput input : batch) {
			double[] series = toArray(input.instance());
			double[] filtered = filterFor(input.parameters()).filter(series);
			ArrayNode output = JsonNodeFactory.instance.arrayNode(filtered.length);
			for (double value : filtered) {
				output.add(value);
			}
			outputs.add(output);
		}
		return outputs;
	}

	KalmanFilter filterFor(Map<String, Object> parameters) {
		Object initial = parameters.get(INITIAL_ESTIMATE);
		Double initialEstimate = (initial instanceof Number number) ? number.doubleValue()
				: this.defaults.get(INITIAL_ESTIMATE);
		return new KalmanFilter(setting(parameters, PROCESS_NOISE), setting(parameters, MEASUREMENT_NOISE),
				initialEstimate, setting(parameters, INITIAL_ERROR));
	}

	private double setting(Map<String, Object> parameters, String name) {
		Object value = parameters.get(name);
		return (value instanceof Number number) ? number.doubleValue() : this.defaults.get(name);
	}

	private static double[] toArray(JsonNode series) {
		double[] values = new double[series.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = series.get(i).doubleValue();
		}
		return values;
	}

	private static boolean isPositiveFinite(double value) {
		return Double.isFinite(value) && value > 0;
	}

	private static ErrorInfo invalid(String message) {
		return new ErrorInfo("INVALID_PARAMETERS", message);
	}

}
