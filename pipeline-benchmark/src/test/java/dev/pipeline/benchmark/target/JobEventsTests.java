package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the jobs-events scenario reads a job's event stream: the wire format of docs/api.md
 * (`GET /v1/jobs/{id}/events`), served here by a plain HTTP server on loopback so each
 * shape of stream can be given exactly; the ingress's own streams are tested in
 * ingress-api.
 */
class JobEventsTests {

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private HttpServer server;

	private IngressClient client;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/v1/jobs/", this::answer);
		this.server.start();
		this.client = new IngressClient("http://127.0.0.1:" + this.server.getAddress().getPort(), "pk_test");
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void shouldReturnOnceTheFinalEventSaysSucceeded() throws Exception {
		this.answers.put("/v1/jobs/a/events",
				new Answer(200, event(1, "a", "QUEUED") + ": keep-alive\n\n" + event(2, "a", "SUCCEEDED")));

		assertThat(AsyncJobs.awaitFinalEvent(this.client, "a")).isEqualTo(1);
	}

	@Test
	void shouldFailAJobThatEndsOtherwise() {
		this.answers.put("/v1/jobs/b/events", new Answer(200, event(1, "b", "QUEUED") + event(2, "b", "EXPIRED")));

		assertThatThrownBy(() -> AsyncJobs.awaitFinalEvent(this.client, "b")).isInstanceOf(HttpFailure.class)
			.hasMessageContaining("Job b ended EXPIRED");
	}

	@Test
	void shouldFailAStreamThatEndsBeforeTheFinalState() {
		this.answers.put("/v1/jobs/c/events", new Answer(200, event(1, "c", "QUEUED")));

		assertThatThrownBy(() -> AsyncJobs.awaitFinalEvent(this.client, "c")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("ended before its final state");
	}

	@Test
	void shouldFailARefusedStreamWithItsStatusAndProblem() {
		this.answers.put("/v1/jobs/d/events", new Answer(503, "{\"type\":\"urn:problem:too-many-streams\"}"));

		assertThatThrownBy(() -> AsyncJobs.awaitFinalEvent(this.client, "d")).isInstanceOf(HttpFailure.class)
			.hasMessageContaining("answered 503")
			.hasMessageContaining("too-many-streams");
	}

	private void answer(HttpExchange exchange) throws IOException {
		assertThat(exchange.getRequestHeaders().getFirst("Accept")).isEqualTo("text/event-stream");
		assertThat(exchange.getRequestHeaders().getFirst("Authorization")).isEqualTo("Bearer pk_test");
		Answer answer = this.answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "{}"));
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders()
			.add("Content-Type", (answer.status() == 200) ? "text/event-stream" : "application/problem+json");
		exchange.sendResponseHeaders(answer.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String event(int rank, String id, String status) {
		return "event: job\nid: " + rank + "\ndata: {\"id\":\"" + id + "\",\"status\":\"" + status + "\"}\n\n";
	}

	private record Answer(int status, String body) {
	}

}
