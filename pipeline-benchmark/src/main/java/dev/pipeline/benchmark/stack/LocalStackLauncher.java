package dev.pipeline.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the stack the way a user does, {@code ./pipeline-local.sh} (which builds what is
 * missing), as a child process, and waits for the {@code stack.json} it writes once every
 * service is healthy. Closing sends SIGTERM: the launcher's shutdown hook stops the
 * services and servers and releases the data directory.
 */
public final class LocalStackLauncher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalStackLauncher.class);

	/** A first run builds every module before it starts anything. */
	private static final Duration START_TIMEOUT = Duration.ofMinutes(15);

	private final Process process;

	private final StackFile stack;

	private LocalStackLauncher(Process process, StackFile stack) {
		this.process = process;
		this.stack = stack;
	}

	/**
	 * @param environment extra environment for the launcher and, through it, the services
	 */
	public static LocalStackLauncher start(Path home, Path dataDir, Path log, Map<String, String> environment)
			throws IOException {
		Path stackFile = dataDir.resolve("stack.json");
		ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("pipeline-local.sh").toString()))
			.directory(home.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("PIPELINE_DATA_DIR", dataDir.toAbsolutePath().toString());
		builder.environment().putAll(environment);
		logger.info("Starting the local stack (./pipeline-local.sh, output in {})", log);
		Process process = builder.start();
		long until = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < until) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						"The local stack stopped during start-up (exit code " + process.exitValue() + "); see " + log);
			}
			// pipeline-local.sh execs the launcher JVM, so the file names our child's own
			// pid.
			if (Files.isRegularFile(stackFile)) {
				StackFile stack = StackFile.read(stackFile);
				if (stack.launcherPid() == process.pid()) {
					logger.info("Local stack up: {}", stack.ingressUrl());
					return new LocalStackLauncher(process, stack);
				}
			}
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
		}
		process.destroy();
		throw new IllegalStateException(
				"The local stack was not up within " + START_TIMEOUT.toMinutes() + " minutes; see " + log);
	}

	public StackFile stack() {
		return this.stack;
	}

	@Override
	public void close() {
		logger.info("Stopping the local stack");
		this.process.destroy();
		try {
			if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
