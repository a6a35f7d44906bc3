package dev.pipeline.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;
import redis.embedded.util.IO;

/**
 * A real redis-server from codemonstur's embedded binaries, the one for the platform
 * {@link ServerPlatform} chooses. With a data directory it persists with an append-only
 * file, so counters survive a restart of the local stack.
 */
public final class RedisServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

	private final redis.embedded.RedisServer server;

	private final int port;

	private final Path dataDir;

	private RedisServer(redis.embedded.RedisServer server, int port, Path dataDir) {
		this.server = server;
		this.port = port;
		this.dataDir = dataDir;
	}

	/**
	 * @param dataDir where the append-only file lives, or {@code null} for no persistence
	 * @param port the port, or 0 for any free port
	 */
	public static RedisServer start(Path dataDir, int port) {
		ExecutableProvider executable = executable(ServerPlatform.current());
		int resolved = Ports.resolve(port);
		Ports.requireFree("Redis", resolved, "PIPELINE_REDIS_PORT");
		try {
			RedisServerBuilder builder = redis.embedded.RedisServer.newRedisServer()
				.executableProvider(executable)
				.port(resolved)
				.bind("127.0.0.1")
				.onShutdownForceStop(true);
			if (dataDir != null) {
				Files.createDirectories(dataDir);
				builder.setting("dir " + dataDir.toAbsolutePath()).setting("appendonly yes").setting("save \"\"");
			}
			else {
				builder.setting("save \"\"").setting("appendonly no");
			}
			redis.embedded.RedisServer server = builder.build();
			server.start();
			log.info("Redis listening on localhost:{}", resolved);
			return new RedisServer(server, resolved, dataDir);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Redis did not start: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The {@code redis-server} of {@code platform}, copied out of the jar into a
	 * temporary directory and made executable, as embedded-redis does with its own
	 * choice.
	 */
	static ExecutableProvider executable(ServerPlatform platform) {
		String resource = "/" + platform.redisResource();
		if (RedisServer.class.getResource(resource) == null) {
			throw new IllegalStateException("embedded-redis has no redis-server for " + platform.name() + " ("
					+ resource + " is not on the classpath).");
		}
		return () -> IO.writeResourceToExecutableFile(IO.newTempDirForBinary(), resource);
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "redis://localhost:" + this.port;
	}

	/**
	 * Stops and starts the same server on the same port, as an operator's restart would.
	 */
	public RedisServer restart() {
		close();
		return start(this.dataDir, this.port);
	}

	/** The old process may hold the port for a moment after {@code stop()} returns. */
	private void awaitPortReleased() {
		long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
		while (!Ports.isFree(this.port) && System.nanoTime() < until) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Stops the server and returns once its port is free again, so nothing is left
	 * listening.
	 */
	@Override
	public void close() {
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			log.warn("Redis did not stop cleanly: {}", ex.getMessage());
		}
		awaitPortReleased();
	}

}
