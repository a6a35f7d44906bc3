package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * How the worker answered requests, per model and version, named after Triton's
 * {@code nv_inference_request_success}, {@code nv_inference_request_failure} and
 * {@code nv_inference_request_duration_us} (docs/observability.md). Only served models
 * become tags: a direct producer's typos are counted under {@code model="other"} and must
 * not grow the metric set.
 */
final class RequestMeters {

	static final String OTHER = "other";

	private final MeterRegistry registry;

	private final Map<String, String> servedVersions;

	private final Map<String, Timer> durations = new HashMap<>();

	/**
	 * @param servedVersions the version served of each model name
	 */
	RequestMeters(MeterRegistry registry, Map<String, String> servedVersions) {
		this.registry = registry;
		this.servedVersions = Map.copyOf(servedVersions);
		servedVersions.forEach((model, version) -> this.durations.put(model,
				Timer.builder("inference.request.duration")
					.description("Time from the worker's receipt of a request to its successful result")
					.tags(tags(model))
					.publishPercentileHistogram()
					.minimumExpectedValue(Duration.ofMillis(1))
					.maximumExpectedValue(Duration.ofSeconds(60))
					.register(registry)));
	}

	/**
	 * Counts a result as a success or a failure (its error code, or {@code EXPIRED}, is
	 * the {@code reason}) and times a success.
	 * @param nanos time since the worker received the request
	 */
	void answered(InferenceResult result, long nanos) {
		String model = this.servedVersions.containsKey(result.model()) ? result.model() : OTHER;
		if (result.status() == ResultStatus.SUCCEEDED) {
			this.registry.counter("inference.request.success", tags(model)).increment();
			this.durations.get(model).record(nanos, TimeUnit.NANOSECONDS);
			return;
		}
		String reason = (result.error() != null) ? result.error().code() : result.status().name();
		this.registry.counter("inference.request.failure", tags(model).and("reason", reason)).increment();
	}

	private Tags tags(String model) {
		return Tags.of("model", model, "version", this.servedVersions.getOrDefault(model, OTHER));
	}

}
