package dev.pipeline.predictor.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.FieldProblem;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.RequestLimits;
import dev.pipeline.contracts.RequestRules;
import dev.pipeline.contracts.Timings;
import dev.pipeline.predictor.batching.BatchScheduler;
import dev.pipeline.predictor.batching.BatchedOutputs;
import dev.pipeline.predictor.batching.RequestExpiredException;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.model.ModelRepositoryProperties;
import dev.pipeline.predictor.model.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

/**
 * Answers one request with one result: EXPIRED past its deadline, FAILED for an unknown
 * model or version (a request that names a version is answered by that version or not at
 * all; without one, the model's default version answers) or for inputs and parameters
 * that break the contract's rules or exceed the {@link PredictorLimitsProperties}
 * (nothing is queued then), otherwise the model's outputs from its
 * {@link BatchScheduler}. The future never completes exceptionally.
 */
@Service
public class InferenceService implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InferenceService.class);

	private final ModelRepository repository;

	private final Clock clock;

	/** The batcher of each served version, by model name and version. */
	private final Map<String, Map<String, BatchScheduler>> schedulers = new LinkedHashMap<>();

	private final RequestMeters meters;

	private final RequestLimits limits;

	public InferenceService(ModelRepository repository, ModelRepositoryProperties properties,
			PredictorLimitsProperties limits, MeterRegistry registry) {
		this.repository = repository;
		this.limits = limits.requestLimits();
		this.clock = Clock.systemUTC();
		Map<String, Set<String>> servedVersions = new LinkedHashMap<>();
		for (ModelRepository.Entry entry : repository.entries()) {
			ServedModel model = entry.model();
			if (model != null) {
				this.schedulers.computeIfAbsent(entry.config().name(), name -> new LinkedHashMap<>())
					.put(entry.config().version(), new BatchScheduler(model, properties.effectiveBatchRunners(),
							properties.queueCapacity(), System::nanoTime, registry));
				servedVersions.computeIfAbsent(entry.config().name(), name -> new LinkedHashSet<>())
					.add(entry.config().version());
			}
		}
		this.meters = new RequestMeters(registry, servedVersions);
	}

	/**
	 * The request's result. Cancelling the future withdraws the request from its model's
	 * queue if no batch has taken it yet.
	 */
	public CompletableFuture<InferenceResult> infer(InferenceRequest request) {
		Instant received = this.clock.instant();
		long receivedNanos = System.nanoTime();
		if (request.isExpiredAt(received)) {
			return completed(InferenceResult.expired(request, received), receivedNanos);
		}
		ModelRepository.Model served = this.repository.find(request.model()).orElse(null);
		if (served == null) {
			return failed(request, null, "UNKNOWN_MODEL", "No model named '" + request.model() + "' is served",
					receivedNanos);
		}
		if (served.failure() != null) {
			return failed(request, null, "MODEL_UNAVAILABLE",
					"Model '" + request.model() + "' is not served: " + served.failure(), receivedNanos);
		}
		// A version the request names is the one that answers, or none does: never
		// another.
		String version = (request.modelVersion() != null) ? request.modelVersion() : served.defaultVersion();
		ModelRepository.Entry entry = served.version(version).orElse(null);
		if (entry == null) {
			return failed(request, null, "UNKNOWN_MODEL_VERSION", "Model '" + request.model() + "' has no version '"
					+ version + "'; it serves " + served.versionNames(), receivedNanos);
		}
		BatchScheduler scheduler = this.schedulers.getOrDefault(served.name(), Map.of()).get(version);
		if (entry.model() == null || scheduler == null) {
			return failed(request, version, "MODEL_UNAVAILABLE",
					"Model '" + request.model() + "' version " + version + " failed to load: " + entry.failure(),
					receivedNanos);
		}
		ErrorInfo invalid = validate(request, entry.model());
		if (invalid != null) {
			return completed(InferenceResult.failed(request, version, invalid, this.clock.instant(), Timings.none()),
					receivedNanos);
		}
		List<ModelInput> inputs = new ArrayList<>(request.inputs().size());
		for (JsonNode instance : request.inputs()) {
			inputs.add(new ModelInput(instance, request.parameters()));
		}
		Duration timeLeft = (request.deadline() != null) ? Duration.between(received, request.deadline()) : null;
		CompletableFuture<BatchedOutputs> computed = scheduler.submit(inputs, timeLeft);
		CompletableFuture<InferenceResult> result = computed
			.thenApply(outputs -> finish(InferenceResult.succeeded(request, version, outputs.outputs(),
					this.clock.instant(), timings(request, received, outputs)), receivedNanos))
			.exceptionally(ex -> {
				if (ex instanceof CancellationException || ex.getCause() instanceof CancellationException) {
					// Withdrawn because its result was cancelled: nobody reads it.
					throw (ex instanceof CompletionException completion) ? completion : new CompletionException(ex);
				}
				if (ex instanceof RequestExpiredException || ex.getCause() instanceof RequestExpiredException) {
					return finish(InferenceResult.expired(request, this.clock.instant()), receivedNanos);
				}
				logger.warn("Request {} for model {} failed in inference: {}", LogSafe.escape(request.id()),
						LogSafe.escape(request.model()), LogSafe.escape(ex.getMessage()));
				return finish(InferenceResult.failed(request, version,
						new ErrorInfo("INFERENCE_ERROR", "The model failed on this request"), this.clock.instant(),
						Timings.none()), receivedNanos);
			});
		result.whenComplete((answered, ex) -> {
			if (result.isCancelled()) {
				computed.cancel(false);
			}
		});
		return result;
	}

	/**
	 * The contract's rules, then the model's own view of its parameters (which may quote
	 * their values, so it only sees values the rules let through).
	 */
	private @Nullable ErrorInfo validate(InferenceRequest request, ServedModel model) {
		List<FieldProblem> inputs = RequestRules.instanceProblems(model.config().inputKind(), request.inputs(),
				this.limits);
		if (!inputs.isEmpty()) {
			return new ErrorInfo("INVALID_INPUT", RequestReader.describe(inputs));
		}
		List<FieldProblem> parameters = RequestRules.parameterProblems(request.parameters(), this.limits);
		if (!parameters.isEmpty()) {
			return new ErrorInfo("INVALID_PARAMETERS", RequestReader.describe(parameters));
		}
		return model.validateParameters(request.parameters());
	}

	/**
	 * Queue time counts from the ingress's {@code submittedAt} when there is one (it
	 * includes the time on Kafka), else from the worker's receipt.
	 */
	private static Timings timings(InferenceRequest request, Instant received, BatchedOutputs outputs) {
		double queueMs = outputs.queueNanos() / 1e6;
		if (request.submittedAt() != null && request.submittedAt().isBefore(received)) {
			queueMs += Duration.between(request.submittedAt(), received).toNanos() / 1e6;
		}
		return new Timings(queueMs, outputs.inferenceNanos() / 1e6, outputs.batchRequests());
	}

	private CompletableFuture<InferenceResult> failed(InferenceRequest request, @Nullable String version, String code,
			String message, long receivedNanos) {
		return completed(InferenceResult.failed(request, version, new ErrorInfo(code, message), this.clock.instant(),
				Timings.none()), receivedNanos);
	}

	private CompletableFuture<InferenceResult> completed(InferenceResult result, long receivedNanos) {
		return CompletableFuture.completedFuture(finish(result, receivedNanos));
	}

	private InferenceResult finish(InferenceResult result, long receivedNanos) {
		this.meters.answered(result, System.nanoTime() - receivedNanos);
		return result;
	}

	/** Whether a model's queue is full, so no more requests should be taken. */
	boolean queuesFull() {
		return allSchedulers().anyMatch(BatchScheduler::isFull);
	}

	/** Whether every model's queue has drained to half its capacity or below. */
	boolean queuesHaveRoom() {
		return allSchedulers().allMatch(BatchScheduler::hasRoom);
	}

	/** Runs {@code listener} whenever a model's queue has drained to half or below. */
	void onQueueRoom(Runnable listener) {
		allSchedulers().forEach(scheduler -> scheduler.onRoom(listener));
	}

	@Override
	public void close() {
		allSchedulers().forEach(BatchScheduler::close);
	}

	private Stream<BatchScheduler> allSchedulers() {
		return this.schedulers.values().stream().flatMap(versions -> versions.values().stream());
	}

}
