package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.predictor.batching.BatchScheduler;
import dev.pipeline.predictor.batching.BatchedOutputs;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user would run instead of the pipeline when they do not need Kafka: the same
 * models behind a plain HTTP endpoint in one JVM, with the request and response of
 * {@code POST /v1/models/{model}/predict} and nothing else (no authentication, limits,
 * quotas, Kafka or job rows). The JDK's own HTTP server on a loopback port, a fixed pool
 * of request threads sized like Tomcat's default, and each model behind the worker's own
 * dynamic batcher ({@link BatchScheduler}, with the model's batch settings and the
 * worker's default runners), so the price of Kafka it shows is Kafka and the ingress, not
 * batching.
 */
public final class DirectHttp implements AutoCloseable {

	/**
	 * Request threads: Tomcat's default {@code server.tomcat.threads.max}, the ingress's.
	 */
	public static final int REQUEST_THREADS = 200;

	/** The worker's default {@code predictor.models.queue-capacity}. */
	private static final int QUEUE_CAPACITY = 1024;

	private static final String PREFIX = "/v1/models/";

	private static final String SUFFIX = "/predict";

	private final HttpServer server;

	private final ExecutorService threads;

	private final Map<String, Served> models;

	private DirectHttp(HttpServer server, ExecutorService threads, Map<String, Served> models) {
		this.server = server;
		this.threads = threads;
		this.models = models;
	}

	/**
	 * Loads the default version of each model and serves them on a free loopback port.
	 * @param intraOpThreads ONNX Runtime threads per call, as the worker's
	 * {@code predictor.models.intra-op-threads}
	 */
	public static DirectHttp start(Path repository, List<String> names, int intraOpThreads) throws Exception {
		Map<String, Served> models = new LinkedHashMap<>();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		int runners = Runtime.getRuntime().availableProcessors();
		try {
			for (String name : names) {
				ServedModel model = InProcessModel.open(repository, name, null, intraOpThreads);
				models.put(name, new Served(model,
						new BatchScheduler(model, runners, QUEUE_CAPACITY, System::nanoTime, registry)));
			}
			// Tomcat sets TCP_NODELAY on its sockets; the JDK server does not unless told
			// (read once, when its first server is made). Without it the body, written
			// after the headers, waits on Nagle's algorithm for the client's delayed ACK:
			// measured, a p50 of 45 ms at 4 callers for a Kalman filter of microseconds.
			System.setProperty("sun.net.httpserver.nodelay", "true");
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
					REQUEST_THREADS);
			ExecutorService threads = Executors.newFixedThreadPool(REQUEST_THREADS);
			DirectHttp direct = new DirectHttp(server, threads, models);
			server.createContext(PREFIX, direct::handle);
			server.setExecutor(threads);
			server.start();
			return direct;
		}
		catch (Exception ex) {
			models.values().forEach(Served::close);
			throw ex;
		}
	}

	public String baseUrl() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	/** The settings a run records beside the figures. */
	public Map<String, Object> settings() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("server", "com.sun.net.httpserver.HttpServer on loopback");
		settings.put("requestThreads", REQUEST_THREADS);
		settings.put("tcpNoDelay", Boolean.getBoolean("sun.net.httpserver.nodelay"));
		settings.put("batching", "the worker's BatchScheduler, " + Runtime.getRuntime().availableProcessors()
				+ " runners per model, each model's maxBatchSize and maxBatchWaitMs");
		return settings;
	}

	/** The same client and body as the synchronous REST scenario, without an API key. */
	public Operation sentiment(Workload workload) {
		return RestPredictions.sentiment(new IngressClient(baseUrl(), null), workload, null);
	}

	public Operation kalman(Workload workload) {
		return RestPredictions.kalman(new IngressClient(baseUrl(), null), workload);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			Served served = path.endsWith(SUFFIX)
					? this.models.get(path.substring(PREFIX.length(), path.length() - SUFFIX.length())) : null;
			if (served == null) {
				problem(exchange, 404, "No such model route: " + path);
				return;
			}
			if (!"POST".equals(exchange.getRequestMethod())) {
				problem(exchange, 405, "Only POST predicts");
				return;
			}
			predict(exchange, served);
		}
	}

	private void predict(HttpExchange exchange, Served served) throws IOException {
		long received = System.nanoTime();
		JsonNode body;
		try (InputStream in = exchange.getRequestBody()) {
			body = PipelineJson.mapper().readTree(in);
		}
		catch (RuntimeException ex) {
			problem(exchange, 400, "The body is not JSON");
			return;
		}
		JsonNode inputs = body.path("inputs");
		if (!inputs.isArray() || inputs.isEmpty()) {
			problem(exchange, 400, "inputs must be a non-empty array");
			return;
		}
		Map<String, Object> parameters = body.path("parameters").isObject()
				? PipelineJson.mapper().convertValue(body.path("parameters"), new TypeReference<Map<String, Object>>() {
				}) : Map.of();
		ErrorInfo invalid = served.model().validateParameters(parameters);
		if (invalid != null) {
			problem(exchange, 400, invalid.message());
			return;
		}
		List<ModelInput> batch = new ArrayList<>(inputs.size());
		inputs.forEach(instance -> batch.add(new ModelInput(instance, parameters)));
		BatchedOutputs outputs;
		try {
			outputs = served.scheduler().submit(batch).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			problem(exchange, 503, "Interrupted");
			return;
		}
		catch (java.util.concurrent.ExecutionException ex) {
			problem(exchange, 500, "The model failed: " + ex.getCause());
			return;
		}
		ObjectNode answer = PipelineJson.mapper().createObjectNode();
		answer.put("id", UUID.randomUUID().toString());
		answer.put("model", served.model().config().name());
		answer.put("modelVersion", served.model().config().version());
		answer.putArray("outputs").addAll(outputs.outputs());
		ObjectNode timings = answer.putObject("timings");
		timings.put("queueMs", outputs.queueNanos() / 1e6);
		timings.put("inferenceMs", outputs.inferenceNanos() / 1e6);
		timings.put("totalMs", (System.nanoTime() - received) / 1e6);
		send(exchange, 200, "application/json", PipelineJson.mapper().writeValueAsBytes(answer));
	}

	/** RFC 9457, as every error of the project: a type-less problem with its detail. */
	private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
		ObjectNode problem = PipelineJson.mapper().createObjectNode();
		problem.put("title", "Direct HTTP baseline refused the request");
		problem.put("status", status);
		problem.put("detail", detail);
		send(exchange, status, "application/problem+json",
				PipelineJson.mapper().writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
		try {
			this.threads.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.models.values().forEach(Served::close);
	}

	private record Served(ServedModel model, BatchScheduler scheduler) {

		void close() {
			this.scheduler.close();
			this.model.close();
		}

	}

}
