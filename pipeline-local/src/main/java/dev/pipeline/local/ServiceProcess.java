package dev.pipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service running as a child JVM from its runnable jar, with its output in a log
 * file. Child processes keep each service's own classpath and configuration exactly as in
 * production, and let the benchmark measure each service's memory separately.
 */
public final class ServiceProcess implements AutoCloseable {

	/**
	 * Where the launcher reaches the actuator; the services bind their management port
	 * there.
	 */
	private static final String MANAGEMENT_HOST = "127.0.0.1";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Service service;

	private final int managementPort;

	private final Process process;

	private final Path log;

	private final Path jar;

	/** Every Spring property the process was started with, management port included. */
	private final Map<String, String> properties;

	private final String javaOptions;

	private final ClassDataSharing classDataSharing;

	/** How this process was started: the jar it runs, and the archive it may dump. */
	private final ClassDataSharing.Launch launch;

	/**
	 * Whether the process was seen healthy: only then has it loaded the classes worth
	 * archiving.
	 */
	private volatile boolean wasHealthy;

	private ServiceProcess(Service service, int managementPort, Process process, Path log, Path jar,
			Map<String, String> properties, String javaOptions, ClassDataSharing classDataSharing,
			ClassDataSharing.Launch launch) {
		this.service = service;
		this.managementPort = managementPort;
		this.process = process;
		this.log = log;
		this.jar = jar;
		this.properties = Map.copyOf(properties);
		this.javaOptions = javaOptions;
		this.classDataSharing = classDataSharing;
		this.launch = launch;
	}

	/**
	 * @param managementPort the port of the service's actuator, on loopback
	 * @param properties Spring properties of the service (its API port among them, if it
	 * has one)
	 * @param javaOptions extra JVM options, space separated (may be empty)
	 * @param classDataSharing whether the service runs from its extracted jar with a
	 * class-data archive
	 */
	public static ServiceProcess start(Service service, Path jar, int managementPort, Map<String, String> properties,
			String javaOptions, ClassDataSharing classDataSharing, Path logDir) {
		return start(service, jar, managementPort, properties, javaOptions, classDataSharing,
				logDir.resolve(service.module() + ".log"), false);
	}

	private static ServiceProcess start(Service service, Path jar, int managementPort, Map<String, String> properties,
			String javaOptions, ClassDataSharing classDataSharing, Path log, boolean appendLog) {
		if (!Files.isRegularFile(jar)) {
			throw new LocalStackException("The " + service.module() + " jar is missing at " + jar
					+ ". Build it with ./mvnw -DskipTests package (./pipeline-local.sh does this for you).");
		}
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("management.server.port", String.valueOf(managementPort));
		all.put("management.server.address", MANAGEMENT_HOST);
		try {
			Files.createDirectories(log.getParent());
			ClassDataSharing.Launch launch = classDataSharing.prepare(jar);
			Process process = processBuilder(launch.jar(), all,
					String.join(" ", launch.javaOptions()) + " " + javaOptions)
				.redirectErrorStream(true)
				.redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
						: ProcessBuilder.Redirect.to(log.toFile()))
				.start();
			return new ServiceProcess(service, managementPort, process, log, jar, all, javaOptions, classDataSharing,
					launch);
		}
		catch (IOException ex) {
			throw new LocalStackException("Could not start " + service.module() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The command line and environment of a service's JVM. The command line, which every
	 * user of the machine can read with {@code ps}, holds only the JVM options and the
	 * jar. Every Spring property, secrets included (the admin token, the database
	 * password), travels in {@code SPRING_APPLICATION_JSON}: the environment of a process
	 * is readable by its owner alone, and Spring Boot ranks that variable above the rest
	 * of the environment and the configuration files, as it ranked the
	 * {@code --name=value} arguments used before.
	 */
	static ProcessBuilder processBuilder(Path jar, Map<String, String> properties, String javaOptions) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		for (String option : javaOptions.trim().split("\\s+")) {
			if (!option.isEmpty()) {
				command.add(option);
			}
		}
		command.add("-jar");
		command.add(jar.toString());
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("SPRING_APPLICATION_JSON", json.writeValueAsString(properties));
		allocatorEnvironment(System.getProperty("os.name", "")).forEach(builder.environment()::putIfAbsent);
		return builder;
	}

	/**
	 * On Linux, glibc gives each thread that mallocs its own arena, up to 8 per core,
	 * each growing by 64 MiB reservations: tens of MiB of resident memory in a JVM of 60
	 * threads (JIT, Kafka clients, RocksDB). Two arenas cost a little contention on
	 * malloc, which a JVM seldom calls on its hot paths (docs/benchmarks.md, "Fixed
	 * costs, memory and warm-up"). macOS's allocator has no such setting: nothing is set
	 * there, rather than a variable nothing reads.
	 */
	static Map<String, String> allocatorEnvironment(String osName) {
		return osName.startsWith("Linux") ? Map.of("MALLOC_ARENA_MAX", "2") : Map.of();
	}

	/**
	 * A new process of the same service with the same settings, after this one ended (a
	 * crash, {@link #kill()} or {@link #close()}), as a supervisor restarts a service.
	 * Its output is appended to the same log, so the log tells the whole story.
	 * @throws IllegalStateException if this process still runs
	 */
	public ServiceProcess restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.service.module() + " (pid " + pid() + ") still runs");
		}
		// Ended by a crash or a kill: whether a dump it started is whole is unknown.
		this.launch.exited(false);
		return start(this.service, this.jar, this.managementPort, this.properties, this.javaOptions,
				this.classDataSharing, this.log, true);
	}

	/**
	 * Another instance of the same service beside this one: the same settings but for its
	 * management port and {@code overrides} (an API port, for instance), with a log of
	 * its own named after {@code instance}.
	 */
	public ServiceProcess startAnother(String instance, int managementPort, Map<String, String> overrides) {
		Map<String, String> props = new LinkedHashMap<>(this.properties);
		props.putAll(overrides);
		return start(this.service, this.jar, managementPort, props, this.javaOptions, this.classDataSharing,
				this.log.resolveSibling(this.service.module() + "-" + instance + ".log"), false);
	}

	/**
	 * {@code kill -9}: the process ends at once, without Spring's graceful shutdown,
	 * mid-batch and mid-transaction, as a crash or an OOM kill ends it. Returns once it
	 * has exited.
	 */
	public void kill() {
		try {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.launch.exited(false);
	}

	/** The Spring property {@code name} the process was started with, or {@code null}. */
	public @Nullable String property(String name) {
		return this.properties.get(name);
	}

	public Service service() {
		return this.service;
	}

	/** The base of the service's actuator endpoints, reachable from this machine only. */
	public String managementUrl() {
		return "http://" + MANAGEMENT_HOST + ":" + this.managementPort + "/actuator";
	}

	public Path log() {
		return this.log;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Waits until {@code /actuator/health} on the management port answers UP, the process
	 * dies, or time runs out.
	 */
	public void awaitHealthy(Duration timeout) {
		Instant until = Instant.now().plus(timeout);
		while (Instant.now().isBefore(until)) {
			if (!this.process.isAlive()) {
				throw new LocalStackException(this.service.module() + " stopped during start-up (exit code "
						+ this.process.exitValue() + "); see " + this.log + lastLines());
			}
			if (isHealthy()) {
				this.wasHealthy = true;
				return;
			}
			try {
				// Polling a child process over HTTP: there is no event to wait on
				// instead.
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LocalStackException("Interrupted while waiting for " + this.service.module());
			}
		}
		throw new LocalStackException(this.service.module() + " was not healthy within " + timeout.toSeconds()
				+ " s; see " + this.log + lastLines());
	}

	/**
	 * The end of the service's log, so a failed start explains itself where it is
	 * reported.
	 */
	private String lastLines() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "";
		}
	}

	public boolean isHealthy() {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/health"))
				.timeout(Duration.ofSeconds(2))
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * SIGTERM (Spring Boot shuts down gracefully), then a forced kill after the grace
	 * period.
	 */
	@Override
	public void close() {
		if (!this.process.isAlive()) {
			this.launch.exited(false);
			return;
		}
		this.process.destroy();
		boolean onItsOwn = false;
		try {
			// Writing a class-data archive at exit takes a few seconds on a quiet
			// machine,
			// tens of seconds on a loaded one.
			onItsOwn = this.process.waitFor(this.launch.dumpsAtExit() ? 90 : 20, TimeUnit.SECONDS);
			if (!onItsOwn) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.launch.exited(onItsOwn && this.wasHealthy);
	}

}
