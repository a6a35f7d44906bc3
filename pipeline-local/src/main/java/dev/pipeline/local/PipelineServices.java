package dev.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

/**
 * Starts the four services as child JVMs against given infrastructure, in parallel, and
 * waits until every one reports healthy. Used by the local stack and by the end-to-end
 * tests, so both run the services exactly the same way.
 */
public final class PipelineServices implements AutoCloseable {

	/** Names a worker's Kafka transactions (see the predictor's application.yml). */
	private static final String PREDICTOR_INSTANCE_ID = "predictor.instance-id";

	/**
	 * Replaced and added to while the stack runs (a restart, a second instance), read by
	 * others at any time.
	 */
	private final List<ServiceProcess> processes;

	private final Duration timeout;

	private PipelineServices(List<ServiceProcess> processes, Duration timeout) {
		this.processes = new CopyOnWriteArrayList<>(processes);
		this.timeout = timeout;
	}

	/**
	 * @param ports the ingress's API port and every service's management port
	 * @param extra additional Spring properties per service (may be empty)
	 * @param javaOptions JVM options for every service, after each one's own
	 * ({@link Service#javaOptions(String)}), so they win
	 * @param classDataSharing whether the services start from extracted jars with a
	 * class-data archive
	 * @param workDir where the services keep their logs ({@code logs/}) and local state
	 * ({@code kafka-streams/}); one per running stack, so two stacks on one machine never
	 * share a Kafka Streams state directory
	 */
	public static PipelineServices start(Path home, Infrastructure infrastructure, ServicePorts ports,
			String adminToken, Map<Service, Map<String, String>> extra, String javaOptions,
			ClassDataSharing classDataSharing, Path workDir, Duration timeout) {
		Path logDir = workDir.resolve("logs");
		List<ServiceProcess> started = new ArrayList<>();
		try {
			for (Service service : Service.values()) {
				requireNotStopped();
				Map<String, String> props = new LinkedHashMap<>(infrastructure.springProperties());
				props.putAll(defaults(service, home, ports, adminToken, workDir));
				props.putAll(extra.getOrDefault(service, Map.of()));
				started.add(ServiceProcess.start(service, jar(home, service), ports.management(service), props,
						service.javaOptions(javaOptions), classDataSharing, logDir));
			}
			CompletableFuture<?>[] health = started.stream()
				.map(process -> CompletableFuture.runAsync(() -> process.awaitHealthy(timeout)))
				.toArray(CompletableFuture[]::new);
			awaitAll(health);
			return new PipelineServices(started, timeout);
		}
		catch (RuntimeException ex) {
			// A graceful stop, even when the start was interrupted.
			boolean interrupted = Thread.interrupted();
			started.forEach(ServiceProcess::close);
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			Throwable cause = ex.getCause() instanceof LocalStackException ? ex.getCause() : ex;
			throw cause instanceof LocalStackException local ? local
					: new LocalStackException("The services did not start: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A launcher stopped during start-up interrupts the thread that starts the stack
	 * ({@code PipelineLocal}); the start gives up, and the services it started are
	 * stopped on the way out.
	 */
	private static void requireNotStopped() {
		if (Thread.currentThread().isInterrupted()) {
			throw new LocalStackException("Stopped during start-up.");
		}
	}

	private static void awaitAll(CompletableFuture<?>[] health) {
		try {
			CompletableFuture.allOf(health).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LocalStackException("Stopped during start-up.");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new LocalStackException("The services did not start: " + ex.getCause(), ex.getCause());
		}
	}

	/**
	 * The runnable jar Maven builds for a service ({@code <module>-<version>-exec.jar}).
	 */
	public static Path jar(Path home, Service service) {
		Path target = home.resolve(service.module()).resolve("target");
		try (var jars = java.nio.file.Files.newDirectoryStream(target, service.module() + "-*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		catch (java.io.IOException ex) {
			// Reported below as a missing jar.
		}
		return target.resolve(service.module() + "-exec.jar");
	}

	public List<ServiceProcess> processes() {
		return this.processes;
	}

	public ServiceProcess process(Service service) {
		return this.processes.stream().filter(process -> process.service() == service).findFirst().orElseThrow();
	}

	/**
	 * Starts {@code process} again with the same settings once it has ended (killed or
	 * crashed), puts the new process in its place and waits until it is healthy.
	 */
	public ServiceProcess restart(ServiceProcess process) {
		ServiceProcess restarted = process.restart();
		this.processes.replaceAll(running -> (running == process) ? restarted : running);
		restarted.awaitHealthy(this.timeout);
		return restarted;
	}

	/**
	 * {@code kill -9} of one process for good: it is no longer part of the stack (a
	 * survivor, if any, does its work from now on).
	 */
	public void killForGood(ServiceProcess process) {
		process.kill();
		this.processes.remove(process);
	}

	/**
	 * Starts one more instance of {@code service}, like the first but for its management
	 * port and {@code overrides}, and waits until it is healthy. It is stopped with the
	 * others.
	 */
	public ServiceProcess startInstance(Service service, String instance, int managementPort,
			Map<String, String> overrides) {
		Map<String, String> properties = new LinkedHashMap<>(overrides);
		if (service == Service.PREDICTOR_WORKER) {
			// Its own transactional id: two workers sharing one would fence each other.
			properties.putIfAbsent(PREDICTOR_INSTANCE_ID, "local-" + instance);
		}
		ServiceProcess another = process(service).startAnother(instance, managementPort, properties);
		this.processes.add(another);
		another.awaitHealthy(this.timeout);
		return another;
	}

	/** Stops the ingress first (no new work), the workers last. */
	@Override
	public void close() {
		List<ServiceProcess> reversed = new ArrayList<>(this.processes);
		java.util.Collections.reverse(reversed);
		reversed.forEach(ServiceProcess::close);
	}

	private static Map<String, String> defaults(Service service, Path home, ServicePorts ports, String adminToken,
			Path workDir) {
		Map<String, String> props = new LinkedHashMap<>();
		switch (service) {
			case PREDICTOR_WORKER -> {
				props.put("predictor.models.repository", home.resolve("models").toString());
				// Stable across restarts, so a restarted worker aborts its predecessor's
				// open transaction at once (docs/models.md).
				props.put(PREDICTOR_INSTANCE_ID, "local-1");
			}
			case INGRESS_API -> {
				props.put("server.port", String.valueOf(ports.api()));
				props.put("ingress.accounts.admin-token", adminToken);
			}
			case METRICS_AGGREGATOR -> props.put("spring.kafka.streams.state-dir",
					workDir.resolve("kafka-streams").toAbsolutePath().toString());
			default -> {
			}
		}
		return props;
	}

}
