package dev.pipeline.benchmark.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.pipeline.benchmark.chaos.Ledger.Route;
import dev.pipeline.benchmark.load.LoadGenerator;
import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.target.AsyncJobs;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.benchmark.target.KafkaDirect;
import dev.pipeline.benchmark.target.RestPredictions;
import dev.pipeline.benchmark.target.Workload;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The steady mixed load of a fault: synchronous predictions and jobs of sentiment and
 * Kalman over every ingress instance, and sentiment requests written straight to Kafka,
 * each caller closed-loop with a short pause (the load must not be what takes the 2-core
 * machine down). Every accepted request goes to the {@link Ledger}; nothing is retried,
 * so each accepted id stands for exactly one request.
 */
final class MixedLoad {

	/** Seconds a synchronous caller asks the ingress to wait for the answer. */
	static final int SYNC_WAIT_SECONDS = 10;

	/**
	 * How long a job caller polls its job before it moves on (the reconciliation reads it
	 * later).
	 */
	private static final long JOB_POLL_NANOS = TimeUnit.SECONDS.toNanos(15);

	private static final long POLL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final long DIRECT_WAIT_SECONDS = 15;

	/** Pause of each caller between two requests. */
	private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	private final IngressPool ingress;

	private final KafkaDirect kafka;

	private final Workload workload;

	private final Ledger ledger;

	private final String accountId;

	private final List<LoadGenerator.Sustained> running = new ArrayList<>();

	MixedLoad(IngressPool ingress, KafkaDirect kafka, Workload workload, Ledger ledger, String accountId) {
		this.ingress = ingress;
		this.kafka = kafka;
		this.workload = workload;
		this.ledger = ledger;
		this.accountId = accountId;
	}

	/** Starts the callers: 2 + 1 synchronous, 2 job, 2 direct Kafka. */
	void start() {
		Supplier<JsonNode> text = () -> JsonNodeFactory.instance.stringNode(this.workload.nextText());
		Supplier<JsonNode> series = this.workload::nextSeries;
		this.running.add(LoadGenerator.sustain(paced(() -> sync("sentiment", text.get())), 2));
		this.running.add(LoadGenerator.sustain(paced(() -> sync("kalman", series.get())), 1));
		this.running.add(LoadGenerator.sustain(paced(() -> job("sentiment", text.get())), 1));
		this.running.add(LoadGenerator.sustain(paced(() -> job("kalman", series.get())), 1));
		this.running.add(LoadGenerator.sustain(paced(() -> direct(text.get())), 2));
	}

	/** Stops the callers; requests in flight finish first. */
	void stop() {
		this.running.forEach(LoadGenerator.Sustained::stop);
		this.running.clear();
	}

	private static Operation paced(Operation operation) {
		return () -> {
			try {
				return operation.call();
			}
			finally {
				LockSupport.parkNanos(PACE_NANOS);
			}
		};
	}

	private int sync(String model, JsonNode instance) throws Exception {
		IngressClient client = this.ingress.next();
		String requestId = "chaos-" + UUID.randomUUID();
		long submitted = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = RestPredictions.predict(client, model, instance, SYNC_WAIT_SECONDS, "X-Request-Id", requestId);
		}
		catch (IOException ex) {
			connectionFailed(client, ex, requestId);
			throw ex;
		}
		switch (response.statusCode()) {
			case 200 -> {
				this.ledger.accept(id(response), Route.SYNC, model);
				this.ledger.answered(submitted);
			}
			case 202 -> this.ledger.accept(id(response), Route.SYNC, model);
			default -> refused(response);
		}
		return 1;
	}

	private int job(String model, JsonNode instance) throws Exception {
		IngressClient client = this.ingress.next();
		String requestId = "chaos-" + UUID.randomUUID();
		long submitted = System.nanoTime();
		HttpResponse<String> response;
		try {
			response = AsyncJobs.submit(client, model, instance, "X-Request-Id", requestId);
		}
		catch (IOException ex) {
			connectionFailed(client, ex, requestId);
			throw ex;
		}
		if (response.statusCode() != 202) {
			refused(response);
			return 1;
		}
		String id = id(response);
		this.ledger.accept(id, Route.JOB, model);
		while (System.nanoTime() - submitted < JOB_POLL_NANOS) {
			LockSupport.parkNanos(POLL_PAUSE_NANOS);
			IngressClient reader = this.ingress.next();
			HttpResponse<String> job;
			try {
				job = reader.get("/v1/jobs/" + id);
			}
			catch (IOException ex) {
				this.ingress.failed(reader);
				continue;
			}
			if (job.statusCode() != 200) {
				this.ledger.refused("GET /v1/jobs " + kind(job));
				continue;
			}
			if (Reconciliation.isFinal(AsyncJobs.status(job))) {
				this.ledger.answered(submitted);
				return 1;
			}
		}
		return 1;
	}

	private int direct(JsonNode text) throws Exception {
		String id = UUID.randomUUID().toString();
		long submitted = System.nanoTime();
		InferenceRequest request = new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id, "sentiment", null,
				this.accountId, List.of(text), Map.of(), Instant.now(), null);
		CompletableFuture<InferenceResult> result;
		try {
			result = this.kafka.submit(request);
		}
		catch (Exception ex) {
			this.ledger.refused("Kafka send failed: " + ex.getClass().getSimpleName());
			throw ex;
		}
		this.ledger.accept(id, Route.KAFKA, "sentiment");
		try {
			result.get(DIRECT_WAIT_SECONDS, TimeUnit.SECONDS);
			this.ledger.answered(submitted);
		}
		catch (TimeoutException ex) {
			// Still accepted: the reconciliation looks for its result on the topic.
			result.cancel(false);
		}
		return 1;
	}

	/**
	 * A refused connection never reached the instance; a connection that broke after the
	 * request was sent leaves the caller not knowing whether it was accepted.
	 */
	private void connectionFailed(IngressClient client, IOException ex, String requestId) {
		this.ingress.failed(client);
		if (ex instanceof ConnectException || ex instanceof HttpConnectTimeoutException) {
			this.ledger.refused("connection refused");
		}
		else {
			this.ledger.connectionLost(requestId);
		}
	}

	private void refused(HttpResponse<String> response) {
		this.ledger.refused(kind(response));
	}

	/** {@code "503 kafka-unavailable"}: the status and the problem type's slug. */
	static String kind(HttpResponse<String> response) {
		String type = "";
		try {
			type = PipelineJson.mapper().readTree(response.body()).path("type").asString("");
		}
		catch (RuntimeException ex) {
			// Not problem+json: the status alone says it.
		}
		return response.statusCode() + (type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf(':') + 1));
	}

	private static String id(HttpResponse<String> response) {
		return PipelineJson.mapper().readTree(response.body()).path("id").asString();
	}

}
