package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile receiver on loopback: reads the request head, then sends
 * {@code HTTP/1.1 200 OK} one byte every 200 ms and never ends its headers, for about a
 * minute. No single read waits long, so only a deadline on the whole attempt ends it.
 */
final class TricklingReceiver implements AutoCloseable {

	private static final byte[] STATUS = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final Thread thread;

	private final AtomicInteger sent = new AtomicInteger();

	TricklingReceiver() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.thread = new Thread(this::serve, "trickling-receiver");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	int bytesSent() {
		return this.sent.get();
	}

	private void serve() {
		try (Socket socket = this.server.accept()) {
			InputStream in = socket.getInputStream();
			// The request head ends with an empty line.
			int matched = 0;
			while (matched < 4) {
				int b = in.read();
				if (b < 0) {
					return;
				}
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			OutputStream out = socket.getOutputStream();
			for (int i = 0; i < 300; i++) {
				out.write((i < STATUS.length) ? STATUS[i] : 'x');
				out.flush();
				this.sent.incrementAndGet();
				TimeUnit.MILLISECONDS.sleep(200);
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client hung up, or the test ended: either way, done.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.thread.interrupt();
	}

}
