package dev.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.servers.Ports;
import dev.pipeline.servers.PostgresServer;
import dev.pipeline.servers.SharedTestServers;

/**
 * The whole pipeline for end-to-end tests: the four services as child JVMs (the same
 * runnable jars and start-up path as the local stack) against the shared servers of this
 * test JVM. Started once, on first use, and stopped when the JVM exits.
 */
final class RunningPipeline {

	static final String ADMIN_TOKEN = "e2e-admin-token";

	private static RunningPipeline instance;

	/**
	 * A failed start is not retried by every test: they all fail fast with the first
	 * cause.
	 */
	private static RuntimeException startFailure;

	private final SharedTestServers servers;

	private final PipelineServices services;

	private final int ingressPort;

	private RunningPipeline(SharedTestServers servers, PipelineServices services, int ingressPort) {
		this.servers = servers;
		this.services = services;
		this.ingressPort = ingressPort;
	}

	static synchronized RunningPipeline get() {
		if (startFailure != null) {
			throw startFailure;
		}
		if (instance == null) {
			try {
				instance = start();
			}
			catch (RuntimeException ex) {
				startFailure = ex;
				throw ex;
			}
		}
		return instance;
	}

	private static RunningPipeline start() {
		SharedTestServers servers = SharedTestServers.get();
		Infrastructure infrastructure = new Infrastructure(servers.kafkaBootstrapServers(), servers.jdbcUrl(),
				PostgresServer.USER, servers.redisPort(), TopicNames.UNPREFIXED);
		List<Integer> ports = Ports.free(5);
		int ingressPort = ports.get(0);
		PipelineServices services = PipelineServices.start(LocalStackIT.home(), infrastructure,
				new ServicePorts(ingressPort, ports.get(1), ports.get(2), ports.get(3), ports.get(4)), ADMIN_TOKEN,
				perRequestLogLines(), "-Xmx512m", ClassDataSharing.off(), workDir(), startTimeout());
		Runtime.getRuntime().addShutdownHook(new Thread(services::close, "running-pipeline-stop"));
		return new RunningPipeline(servers, services, ingressPort);
	}

	/**
	 * 240 s, or {@code PIPELINE_SERVICE_START_TIMEOUT} seconds on a machine shared with
	 * other builds (as for the local stack).
	 */
	private static Duration startTimeout() {
		String configured = System.getenv("PIPELINE_SERVICE_START_TIMEOUT");
		return (configured != null) ? Duration.ofSeconds(Long.parseLong(configured.trim())) : Duration.ofSeconds(240);
	}

	/**
	 * The debug line each service writes per request it handles (off by default), so
	 * {@code TracingIT} finds one request's trace id in every service's log.
	 */
	private static Map<Service, Map<String, String>> perRequestLogLines() {
		return Map.of(Service.INGRESS_API, Map.of("logging.level.dev.pipeline.ingress.reply.ReplyChannel", "debug"),
				Service.PREDICTOR_WORKER,
				Map.of("logging.level.dev.pipeline.predictor.worker.InferenceRequestListener", "debug"),
				Service.METRICS_AGGREGATOR, Map.of("logging.level.dev.pipeline.aggregator.system.PollWriter", "debug"),
				Service.ANALYST_WORKER,
				Map.of("logging.level.dev.pipeline.analyst.messaging.AnalysisRequestListener", "debug"));
	}

	/**
	 * A fresh directory per run: logs stay readable in target/, Streams state never
	 * carries over.
	 */
	private static Path workDir() {
		try {
			Files.createDirectories(Path.of("target"));
			return Files.createTempDirectory(Path.of("target"), "e2e-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int ingressPort() {
		return this.ingressPort;
	}

	String ingressUrl() {
		return "http://localhost:" + this.ingressPort;
	}

	SharedTestServers servers() {
		return this.servers;
	}

	PipelineServices services() {
		return this.services;
	}

}
