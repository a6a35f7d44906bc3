package dev.pipeline.local;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A server of the stack (Redis, PostgreSQL, a Kafka broker) that can be stopped and
 * started again with the same settings, port and data, as an operator restarts one. The
 * fault harness takes servers away this way while the services keep running against them.
 *
 * @param <S> the server
 */
public final class RestartableServer<S extends AutoCloseable> implements AutoCloseable {

	private final String name;

	private final Supplier<S> starter;

	private @Nullable S server;

	private RestartableServer(String name, Supplier<S> starter) {
		this.name = name;
		this.starter = starter;
	}

	/**
	 * Starts the server with {@code starter}, which must start it the same way every time
	 * (fixed ports, the same data directory).
	 */
	static <S extends AutoCloseable> RestartableServer<S> start(String name, Supplier<S> starter) {
		RestartableServer<S> restartable = stopped(name, starter);
		restartable.start();
		return restartable;
	}

	/** Like {@link #start}, but not started yet. */
	static <S extends AutoCloseable> RestartableServer<S> stopped(String name, Supplier<S> starter) {
		return new RestartableServer<>(name, starter);
	}

	public String name() {
		return this.name;
	}

	/** The running server. */
	public S server() {
		S running = this.server;
		if (running == null) {
			throw new IllegalStateException(this.name + " is stopped");
		}
		return running;
	}

	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/** Starts the server again; nothing happens if it runs. */
	public synchronized void start() {
		if (this.server == null) {
			this.server = this.starter.get();
		}
	}

	/** Stops the server the way its own close does; nothing happens if it is stopped. */
	public synchronized void stop() {
		S running = this.server;
		this.server = null;
		if (running != null) {
			try {
				running.close();
			}
			catch (Exception ex) {
				throw new LocalStackException(this.name + " did not stop: " + ex.getMessage(), ex);
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

}
