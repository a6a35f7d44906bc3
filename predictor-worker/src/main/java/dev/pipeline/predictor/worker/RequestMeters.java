package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * How the worker answered requests, per model and version (each served version has its
 * own, so two versions served at once can be compared), named after Triton's
 * {@code nv_inference_request_success}, {@code nv_inference_request_failure} and
 * {@code nv_inference_request_duration_us} (docs/observability.md). Only served models
 * become tags: a direct producer's typos are counted under {@code model="other"} and must
 * not grow the metric set; so are versions a model does not serve
 * ({@code version="other"}).
 */
final class RequestMeters {

	static final String OTHER = "other";

	private final MeterRegistry registry;

	private final Map<String, Set<String>> servedVersions;

	/** The duration timer of each served version, by model name and version. */
	private final Map<String, Map<String, Timer>> durations = new HashMap<>();

	/**
	 * @param servedVersions the versions served of each model name
	 */
	RequestMeters(MeterRegistry registry, Map<String, ? extends Set<String>> servedVersions) {
		this.registry = registry;
		Map<String, Set<String>> copy = new HashMap<>();
		servedVersions.forEach((model, versions) -> copy.put(model, Set.copyOf(versions)));
		this.servedVersions = Map.copyOf(copy);
		this.servedVersions
			.forEach(
					(model, versions) -> versions
						.forEach(version -> this.durations.computeIfAbsent(model, name -> new HashMap<>())
							.put(version, Timer.builder("inference.request.duration")
								.description("Time from the worker's receipt of a request to its successful result")
								.tags(tags(model, version))
								.publishPercentileHistogram()
								.minimumExpectedValue(Duration.ofMillis(1))
								.maximumExpectedValue(Duration.ofSeconds(60))
								.register(registry))));
	}

	/**
	 * Counts a result as a success or a failure (its error code, or {@code EXPIRED}, is
	 * the {@code reason}) and times a success.
	 * @param nanos time since the worker received the request
	 */
	void answered(InferenceResult result, long nanos) {
		Set<String> versions = this.servedVersions.get(result.model());
		String model = (versions != null) ? result.model() : OTHER;
		String version = (versions != null && result.modelVersion() != null && versions.contains(result.modelVersion()))
				? result.modelVersion() : OTHER;
		if (result.status() == ResultStatus.SUCCEEDED && !OTHER.equals(version)) {
			this.registry.counter("inference.request.success", tags(model, version)).increment();
			this.durations.get(model).get(version).record(nanos, TimeUnit.NANOSECONDS);
			return;
		}
		String reason = (result.error() != null) ? result.error().code() : result.status().name();
		this.registry.counter("inference.request.failure", tags(model, version).and("reason", reason)).increment();
	}

	private static Tags tags(String model, String version) {
		return Tags.of("model", model, "version", version);
	}

}
