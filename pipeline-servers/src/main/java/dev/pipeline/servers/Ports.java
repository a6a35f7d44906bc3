package dev.pipeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks made before a server starts, so a clash is reported in words, not as a trace. */
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

	/** @param setting the environment variable a user changes to pick another port */
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
