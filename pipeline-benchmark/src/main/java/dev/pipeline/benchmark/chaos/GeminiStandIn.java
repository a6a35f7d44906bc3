package dev.pipeline.benchmark.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * Where the harness's analyst finds "Gemini": a local HTTP server on loopback that is
 * either slow (it takes every call and answers nothing for a minute, a black hole as far
 * as the analyst's 10 s call timeout is concerned) or unreachable (stopped: the
 * connection is refused). Never a real Gemini call, never a real key.
 */
final class GeminiStandIn implements AutoCloseable {

	/**
	 * What a slow call waits before it answers 503: past every timeout of the analyst.
	 */
	private static final long SLOW_MILLIS = TimeUnit.SECONDS.toMillis(60);

	private final int port;

	private @Nullable HttpServer server;

	private @Nullable ExecutorService handlers;

	GeminiStandIn(int port) {
		this.port = port;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Listens and holds every call for a minute. */
	synchronized void slow() {
		if (this.server != null) {
			return;
		}
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
			ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
				Thread thread = new Thread(runnable, "gemini-stand-in");
				thread.setDaemon(true);
				return thread;
			});
			http.createContext("/", exchange -> {
				try {
					Thread.sleep(SLOW_MILLIS);
					exchange.sendResponseHeaders(503, -1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					exchange.close();
				}
			});
			http.setExecutor(pool);
			http.start();
			this.server = http;
			this.handlers = pool;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The Gemini stand-in could not listen on " + this.port, ex);
		}
	}

	/** Stops listening: calls are refused. */
	synchronized void unreachable() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
		if (this.handlers != null) {
			this.handlers.shutdownNow();
			this.handlers = null;
		}
	}

	@Override
	public void close() {
		unreachable();
	}

}
