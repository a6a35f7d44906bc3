package dev.pipeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Port checks made before a server starts, so a clash is reported in words, not as a
 * trace.
 */
public final class Ports {

	private Ports() {
	}

	/** A port that was free a moment ago, for servers started on behalf of tests. */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

	/**
	 * {@code count} ports that were free a moment ago, all different: the sockets are
	 * held open together, so the system cannot hand out one port twice (separate
	 * {@link #free()} calls can).
	 */
	public static List<Integer> free(int count) {
		List<ServerSocket> sockets = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Not enough free ports on the loopback interface", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// Closing a listening socket that accepted nothing does not fail in
					// practice.
				}
			}
		}
	}

	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * @param setting the environment variable a user changes to pick another port
	 */
	public static void requireFree(String what, int port, String setting) {
		if (!isFree(port)) {
			throw new PortInUseException(what, port, setting);
		}
	}

	/** {@code port} itself, or a free one when it is 0. */
	public static int resolve(int port) {
		return port == 0 ? free() : port;
	}

}
