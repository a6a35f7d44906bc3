package dev.pipeline.analyst.gemini;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Gemini REST API on a free loopback port: it answers
 * {@code POST /v1beta/models/{model}:generateContent} with the real success body
 * ({@code candidates[0].content.parts[0].text}, {@code usageMetadata}, ...) or the real
 * error body ({@code {"error": {"code", "message", "status", "details"}}}), as scripted
 * by the test, and records every call. The real SDK is pointed at it through its base
 * URL.
 */
public final class FakeGemini implements AutoCloseable {

	private final HttpServer server;

	private final Deque<Answer> script = new ConcurrentLinkedDeque<>();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private volatile Answer fallback = success("## Summary\nAll good.");

	private volatile Duration latency = Duration.ZERO;

	/** Open once enough calls are waiting; every call waits for it before answering. */
	private volatile Gate gate = Gate.open();

	private FakeGemini(HttpServer server) {
		this.server = server;
	}

	public static FakeGemini start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			FakeGemini fake = new FakeGemini(server);
			server.createContext("/", fake::handle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return fake;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String baseUrl() {
		return "http://" + this.server.getAddress().getHostString() + ":" + this.server.getAddress().getPort();
	}

	/** Forgets calls and script; answers success from now on. */
	public void reset() {
		this.script.clear();
		this.calls.clear();
		this.fallback = success("## Summary\nAll good.");
		this.latency = Duration.ZERO;
		this.gate.release();
		this.gate = Gate.open();
	}

	/** The next answers, in order; then {@link #otherwise}. */
	public FakeGemini thenAnswer(Answer... answers) {
		this.script.addAll(List.of(answers));
		return this;
	}

	/** The answer once the script is used up. */
	public FakeGemini otherwise(Answer answer) {
		this.fallback = answer;
		return this;
	}

	/** How long each answer takes. */
	public FakeGemini latency(Duration latency) {
		this.latency = latency;
		return this;
	}

	/**
	 * Holds every call until {@code calls} calls are waiting at the same time, then
	 * answers them all: only concurrent callers get an answer before their client gives
	 * up.
	 */
	public FakeGemini holdUntilWaiting(int calls) {
		this.gate = new Gate(calls);
		return this;
	}

	/** A black hole: takes each call and answers nothing until {@link #reset()}. */
	public FakeGemini neverAnswer() {
		return holdUntilWaiting(Integer.MAX_VALUE);
	}

	public List<Call> calls() {
		return new ArrayList<>(this.calls);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			this.calls.add(new Call(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					exchange.getRequestHeaders().getFirst("x-goog-api-key"),
					exchange.getRequestHeaders().getFirst("X-Server-Timeout"), body));
			Answer answer = exchange.getRequestURI().getPath().matches("/v1beta/models/[^/]+:generateContent")
					&& "POST".equals(exchange.getRequestMethod()) ? next() : error(404, "NOT_FOUND", "No such method.");
			this.gate.arriveAndAwait();
			if (!this.latency.isZero()) {
				Thread.sleep(this.latency.toMillis());
			}
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
			answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Answer next() {
		Answer scripted = this.script.poll();
		return scripted != null ? scripted : this.fallback;
	}

	@Override
	public void close() {
		this.gate.release();
		this.server.stop(0);
	}

	/** A generateContent success, shaped as the real API answers. */
	public static Answer success(String text) {
		String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
		return new Answer(200, """
				{
				  "candidates": [
				    {
				      "content": {"parts": [{"text": "%s"}], "role": "model"},
				      "finishReason": "STOP",
				      "index": 0
				    }
				  ],
				  "usageMetadata": {"promptTokenCount": 812, "candidatesTokenCount": 164, "totalTokenCount": 976,
				    "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 812}]},
				  "modelVersion": "gemini-2.5-flash-lite",
				  "responseId": "fake-%d"
				}
				""".formatted(escaped, System.nanoTime()), Map.of());
	}

	/** The 429 the real API sends when a quota is exceeded, with its RetryInfo detail. */
	public static Answer resourceExhausted(String retryDelay) {
		return new Answer(429,
				"""
						{
						  "error": {
						    "code": 429,
						    "message": "You exceeded your current quota, please check your plan and billing details.",
						    "status": "RESOURCE_EXHAUSTED",
						    "details": [
						      {"@type": "type.googleapis.com/google.rpc.QuotaFailure",
						       "violations": [{"quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
						         "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
						         "quotaDimensions": {"location": "global", "model": "gemini-2.5-flash-lite"}, "quotaValue": "10"}]},
						      {"@type": "type.googleapis.com/google.rpc.Help",
						       "links": [{"description": "Learn more about Gemini API quotas",
						         "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
						      {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "%s"}
						    ]
						  }
						}
						"""
					.formatted(retryDelay),
				Map.of());
	}

	/** The 503 the real API sends when the model is overloaded. */
	public static Answer unavailable() {
		return error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
	}

	public static Answer error(int code, String status, String message) {
		return new Answer(code, """
				{"error": {"code": %d, "message": "%s", "status": "%s"}}
				""".formatted(code, message, status), Map.of());
	}

	public record Answer(int status, String body, Map<String, String> headers) {

		public Answer withHeader(String name, String value) {
			Map<String, String> all = new java.util.LinkedHashMap<>(this.headers);
			all.put(name, value);
			return new Answer(this.status, this.body, all);
		}

	}

	private static final class Gate {

		private final int calls;

		private final AtomicInteger waiting = new AtomicInteger();

		private final CompletableFuture<Void> opened = new CompletableFuture<>();

		private Gate(int calls) {
			this.calls = calls;
		}

		static Gate open() {
			Gate gate = new Gate(0);
			gate.release();
			return gate;
		}

		void arriveAndAwait() throws InterruptedException {
			if (this.waiting.incrementAndGet() >= this.calls) {
				release();
			}
			try {
				// Bounded, so a test that fails leaves no handler thread behind for long.
				this.opened.get(60, TimeUnit.SECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				// Answer anyway.
			}
		}

		void release() {
			this.opened.complete(null);
		}

	}

	/**
	 * @param serverTimeout the SDK's {@code X-Server-Timeout} header: the call's timeout
	 * in whole seconds, rounded up
	 */
	public record Call(Instant at, String method, String path, String apiKey, String serverTimeout, String body) {
	}

}
