package dev.pipeline.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP relay in front of a shared test server that a test can turn into a black hole:
 * from {@link #blackHole()} on, connections stay open but nothing passes either way, and
 * new connections are accepted and never answered. That is how an unreachable database
 * looks to a client behind a firewall that drops packets, the case that hangs a client
 * for its whole timeout; the shared server itself keeps running for the other tests of
 * the JVM.
 */
public final class BlackHoleRelay implements AutoCloseable {

	private final ServerSocket listener;

	private final int targetPort;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "black-hole-relay");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean blackHoled;

	private BlackHoleRelay(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.threads.execute(this::acceptAll);
	}

	/** A relay on a free local port to {@code localhost:targetPort}. */
	public static BlackHoleRelay to(int targetPort) {
		try {
			return new BlackHoleRelay(targetPort);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/** Nothing passes any more, on open connections or new ones. */
	public void blackHole() {
		this.blackHoled = true;
		this.links.forEach(Link::silence);
	}

	/**
	 * New connections reach the server again. Connections that were open during the black
	 * hole stay silent: their protocol state is lost, as after a real outage.
	 */
	public void restore() {
		this.blackHoled = false;
	}

	@Override
	public void close() {
		this.threads.shutdownNow();
		closeQuietly(this.listener);
		this.links.forEach(Link::close);
	}

	private void acceptAll() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Link link = new Link(client);
				this.links.add(link);
				if (this.blackHoled) {
					link.silence();
					this.threads.execute(() -> link.pump(client, null));
				}
				else {
					try {
						link.connect(this.targetPort);
					}
					catch (IOException ex) {
						link.close();
					}
				}
			}
			catch (IOException ex) {
				// Closed, or one connection failed: the next accept decides.
			}
		}
	}

	private final class Link {

		private final Socket client;

		private volatile Socket server;

		private volatile boolean silent;

		Link(Socket client) {
			this.client = client;
		}

		void connect(int port) throws IOException {
			this.server = new Socket(InetAddress.getLoopbackAddress(), port);
			BlackHoleRelay.this.threads.execute(() -> pump(this.client, this.server));
			BlackHoleRelay.this.threads.execute(() -> pump(this.server, this.client));
		}

		void silence() {
			this.silent = true;
		}

		/**
		 * Copies bytes from one side to the other while not silenced; drops them once
		 * silenced.
		 */
		void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream()) {
				OutputStream out = (to != null) ? to.getOutputStream() : null;
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (!this.silent && out != null) {
						out.write(buffer, 0, n);
						out.flush();
					}
				}
			}
			catch (IOException ex) {
				// Either side went away: the link is over.
			}
			// A silenced link stays open towards the client until the client itself hangs
			// up.
			if (!this.silent || from == this.client) {
				close();
			}
		}

		void close() {
			closeQuietly(this.client);
			if (this.server != null) {
				closeQuietly(this.server);
			}
			BlackHoleRelay.this.links.remove(this);
		}

	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Nothing left to release.
		}
	}

}
