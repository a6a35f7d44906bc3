package dev.pipeline.benchmark.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.servers.Ports;
import tools.jackson.core.type.TypeReference;

/**
 * More predictor-worker processes beside the stack's own, started as that one was. The
 * stack runs in the launcher's JVM, so {@code PipelineServices.startInstance} is out of
 * reach; instead the first worker's command line and environment are read from Linux's
 * {@code /proc} and used again, with the two changes {@code startInstance} makes: a
 * management port of its own and a transactional id of its own (two workers sharing one
 * would fence each other). Every other setting, {@code --stack-env} ones included, is the
 * first worker's. The processes are children of the benchmark and stopped with
 * {@link #close()}.
 */
final class WorkerInstances implements AutoCloseable {

	/** Where the stack's services take their Spring properties (pipeline-local). */
	private static final String SPRING_APPLICATION_JSON = "SPRING_APPLICATION_JSON";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<String> command;

	private final Map<String, String> environment;

	private final Map<String, String> properties;

	private final Path logDir;

	private final Deque<Instance> started = new ArrayDeque<>();

	/** One more worker: its process and where its actuator answers. */
	record Instance(String name, Process process, int managementPort) {

		long pid() {
			return this.process.pid();
		}

	}

	private WorkerInstances(List<String> command, Map<String, String> environment, Map<String, String> properties,
			Path logDir) {
		this.command = command;
		this.environment = environment;
		this.properties = properties;
		this.logDir = logDir;
	}

	/** Reads how the worker with process id {@code pid} was started. */
	static WorkerInstances like(long pid, Path logDir) throws IOException {
		Path proc = Path.of("/proc", String.valueOf(pid));
		List<String> command = nulSeparated(proc.resolve("cmdline"));
		Map<String, String> environment = new LinkedHashMap<>();
		for (String entry : nulSeparated(proc.resolve("environ"))) {
			int equals = entry.indexOf('=');
			if (equals > 0) {
				environment.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
		}
		String json = environment.get(SPRING_APPLICATION_JSON);
		if (command.isEmpty() || json == null) {
			throw new IllegalStateException("Process " + pid + " is not a service of the local stack");
		}
		Map<String, String> properties = PipelineJson.mapper().readValue(json, new TypeReference<>() {
		});
		return new WorkerInstances(command, environment, properties, logDir);
	}

	private static List<String> nulSeparated(Path file) throws IOException {
		String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		return Arrays.stream(content.split("\0")).filter(part -> !part.isEmpty()).toList();
	}

	/** Starts one more worker and returns once its health endpoint answers UP. */
	Instance startOne() throws IOException {
		String name = "predictor-worker-" + (this.started.size() + 2);
		int port = Ports.free();
		Map<String, String> props = new LinkedHashMap<>(this.properties);
		props.put("management.server.port", String.valueOf(port));
		props.put("predictor.instance-id", "scale-" + name);
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(this.logDir.resolve(name + ".log").toFile());
		builder.environment().clear();
		builder.environment().putAll(this.environment);
		builder.environment().put(SPRING_APPLICATION_JSON, PipelineJson.mapper().writeValueAsString(props));
		Files.createDirectories(this.logDir);
		Instance instance = new Instance(name, builder.start(), port);
		this.started.push(instance);
		awaitHealthy(instance);
		return instance;
	}

	/** Stops the worker started last (SIGTERM: it leaves the group gracefully). */
	void stopLast() {
		stop(this.started.pop());
	}

	int count() {
		return this.started.size();
	}

	/** The running extra workers by name, for CPU and memory readings. */
	Map<String, Long> pids() {
		Map<String, Long> pids = new LinkedHashMap<>();
		this.started.descendingIterator().forEachRemaining(instance -> pids.put(instance.name(), instance.pid()));
		return pids;
	}

	private void awaitHealthy(Instance instance) {
		long until = System.nanoTime() + START_TIMEOUT.toNanos();
		URI health = URI.create("http://127.0.0.1:" + instance.managementPort() + "/actuator/health");
		while (System.nanoTime() < until) {
			if (!instance.process().isAlive()) {
				throw new IllegalStateException(instance.name() + " stopped during start-up; see "
						+ this.logDir.resolve(instance.name() + ".log"));
			}
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while starting " + instance.name());
			}
			// A child process over HTTP: there is no event to wait on instead.
			LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
		}
		throw new IllegalStateException(
				instance.name() + " was not healthy within " + START_TIMEOUT.toSeconds() + " s");
	}

	private static void stop(Instance instance) {
		instance.process().destroy();
		try {
			if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
				instance.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			instance.process().destroyForcibly();
		}
	}

	@Override
	public void close() {
		while (!this.started.isEmpty()) {
			stopLast();
		}
	}

}
