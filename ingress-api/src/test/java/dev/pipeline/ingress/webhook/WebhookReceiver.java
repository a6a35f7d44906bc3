package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A webhook receiver on loopback for tests (the JDK's HttpServer on a free port): keeps
 * every request it gets, per path, and answers each path with the statuses a test lined
 * up, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

	private final Map<String, ConcurrentLinkedDeque<Integer>> answers = new ConcurrentHashMap<>();

	private final Map<String, Integer> always = new ConcurrentHashMap<>();

	/** One request as it arrived. */
	public record Received(String id, String timestamp, String signature, String contentType, byte[] body) {

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	public WebhookReceiver() throws IOException {
		this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
	}

	private WebhookReceiver(HttpServer server) {
		this.server = server;
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** A receiver that speaks HTTPS with the given server certificate and key. */
	public static WebhookReceiver https(SSLContext tls) throws IOException {
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		return new WebhookReceiver(server);
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The URL of a path of this receiver, e.g. {@code /hooks/<test>}. */
	public String url(String path) {
		String scheme = (this.server instanceof HttpsServer) ? "https" : "http";
		return scheme + "://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answers the next requests to the path with these statuses, in order. */
	public void answer(String path, Integer... statuses) {
		this.answers.computeIfAbsent(path, (p) -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
	}

	/** Answers every request to the path with this status. */
	public void answerAlways(String path, int status) {
		this.always.put(path, status);
	}

	public List<Received> received(String path) {
		return this.received.getOrDefault(path, List.of());
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		this.received.computeIfAbsent(path, (p) -> new CopyOnWriteArrayList<>())
			.add(new Received(exchange.getRequestHeaders().getFirst("Webhook-Id"),
					exchange.getRequestHeaders().getFirst("Webhook-Timestamp"),
					exchange.getRequestHeaders().getFirst("Webhook-Signature"),
					exchange.getRequestHeaders().getFirst("Content-Type"), body));
		Integer next = (this.answers.containsKey(path)) ? this.answers.get(path).poll() : null;
		int status = (next != null) ? next : this.always.getOrDefault(path, 200);
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
