package dev.pipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.pipeline.servers.KafkaBroker;
import dev.pipeline.servers.Ports;
import dev.pipeline.servers.PostgresServer;
import dev.pipeline.servers.RedisServer;
import dev.pipeline.servers.TopicProvisioner;
import org.apache.kafka.common.Uuid;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running local stack: servers, services and the lock on the data directory. Started
 * by {@link PipelineLocal} and by the fault harness (which stops and starts its servers
 * and services while it runs); {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {

	private final LocalStackSettings settings;

	private DataDirectory data;

	private RestartableServer<RedisServer> redis;

	private RestartableServer<PostgresServer> postgres;

	private List<RestartableServer<KafkaBroker>> brokers = List.of();

	private List<KafkaBroker.Node> nodes = List.of();

	private PipelineServices services;

	private final Map<Service, Map<String, String>> extra;

	public LocalStack(LocalStackSettings settings) {
		this(settings, Map.of());
	}

	/**
	 * @param extra additional Spring properties per service, on top of the stack's own
	 */
	public LocalStack(LocalStackSettings settings, Map<Service, Map<String, String>> extra) {
		this.settings = settings;
		this.extra = Map.copyOf(extra);
	}

	/**
	 * Starts everything and returns once every service is healthy; on failure, what had
	 * started is left for {@link #close()} to stop.
	 */
	public void start() {
		this.data = DataDirectory.open(this.settings.dataDir(), this.settings.wipe());
		requirePortsFree();
		this.redis = RestartableServer.start("Redis",
				() -> RedisServer.start(this.data.redis(), this.settings.redisPort()));
		this.postgres = RestartableServer.start("PostgreSQL",
				() -> PostgresServer.start(this.data.postgres(), this.settings.postgresPort()));
		this.postgres.server().migrate();
		startBrokers();
		TopicProvisioner.ensureTopics(kafkaBootstrapServers(), this.settings.topics(), this.settings.partitions(),
				this.brokers.size());
		Infrastructure infrastructure = new Infrastructure(kafkaBootstrapServers(), jdbcUrl(), PostgresServer.USER,
				this.settings.redisPort(), this.settings.topics());
		this.services = PipelineServices.start(this.settings.home(), infrastructure, this.settings.servicePorts(),
				this.settings.adminToken(), this.extra, this.settings.javaOptions(),
				this.settings.classDataSharing() ? ClassDataSharing.on() : ClassDataSharing.off(), this.data.root(),
				this.settings.serviceStartTimeout());
		writeStackFile(infrastructure);
	}

	public String ingressUrl() {
		return "http://localhost:" + this.settings.httpPort();
	}

	/** The ingress's actuator: health with details and Prometheus, on loopback. */
	String ingressManagementUrl() {
		return this.services.process(Service.INGRESS_API).managementUrl();
	}

	public PipelineServices services() {
		return this.services;
	}

	public LocalStackSettings settings() {
		return this.settings;
	}

	DataDirectory data() {
		return this.data;
	}

	/** Where the services write their logs. */
	public Path logs() {
		return this.data.logs();
	}

	public String kafkaBootstrapServers() {
		return this.nodes.isEmpty() ? "localhost:" + this.settings.kafkaPort()
				: KafkaBroker.bootstrapServers(this.nodes);
	}

	/** PostgreSQL's URL, without the user ({@link PostgresServer#USER}, no password). */
	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.settings.postgresPort() + "/" + PostgresServer.DATABASE;
	}

	String redisUrl() {
		return "redis://localhost:" + this.settings.redisPort();
	}

	public RestartableServer<RedisServer> redis() {
		return this.redis;
	}

	public RestartableServer<PostgresServer> postgres() {
		return this.postgres;
	}

	/** The Kafka nodes, the first on the configured ports. */
	public List<RestartableServer<KafkaBroker>> brokers() {
		return this.brokers;
	}

	/**
	 * One node on the configured ports, or a cluster whose first node has them; every
	 * node of a cluster keeps its own log directory under {@code kafka/}, and they start
	 * together (a node's broker waits for the quorum).
	 */
	private void startBrokers() {
		List<KafkaBroker.Node> all = new ArrayList<>();
		all.add(new KafkaBroker.Node(1, this.settings.kafkaPort(), this.settings.kafkaControllerPort()));
		List<Integer> free = Ports.free(2 * (this.settings.brokers() - 1));
		for (int i = 1; i < this.settings.brokers(); i++) {
			all.add(new KafkaBroker.Node(i + 1, free.get(2 * i - 2), free.get(2 * i - 1)));
		}
		this.nodes = List.copyOf(all);
		String clusterId = Uuid.randomUuid().toString();
		List<RestartableServer<KafkaBroker>> created = new ArrayList<>();
		for (KafkaBroker.Node node : this.nodes) {
			Path logDir = (this.nodes.size() == 1) ? this.data.kafka() : this.data.kafka().resolve("node-" + node.id());
			created.add(RestartableServer.stopped("Kafka node " + node.id(),
					() -> KafkaBroker.startNode(logDir, node, this.nodes, clusterId, this.settings.partitions())));
		}
		this.brokers = List.copyOf(created);
		CompletableFuture
			.allOf(this.brokers.stream()
				.map(broker -> CompletableFuture.runAsync(broker::start))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	/**
	 * Every port is checked before anything starts, so a clash leaves nothing running.
	 */
	private void requirePortsFree() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("PIPELINE_HTTP_PORT", this.settings.httpPort());
		ports.put("PIPELINE_MANAGEMENT_PORT", this.settings.managementPort());
		ports.put("PIPELINE_PREDICTOR_PORT", this.settings.predictorPort());
		ports.put("PIPELINE_AGGREGATOR_PORT", this.settings.aggregatorPort());
		ports.put("PIPELINE_ANALYST_PORT", this.settings.analystPort());
		ports.put("PIPELINE_KAFKA_PORT", this.settings.kafkaPort());
		ports.put("PIPELINE_KAFKA_CONTROLLER_PORT", this.settings.kafkaControllerPort());
		ports.put("PIPELINE_POSTGRES_PORT", this.settings.postgresPort());
		ports.put("PIPELINE_REDIS_PORT", this.settings.redisPort());
		ports.forEach((setting, port) -> Ports.requireFree("The local stack", port, setting));
		if (ports.values().stream().distinct().count() != ports.size()) {
			throw new LocalStackException("Two PIPELINE_*_PORT settings name the same port: " + ports);
		}
	}

	private void writeStackFile(Infrastructure infrastructure) {
		Map<String, Object> stack = new LinkedHashMap<>();
		stack.put("ingressUrl", ingressUrl());
		Map<String, Object> management = new LinkedHashMap<>();
		this.services.processes()
			.forEach(process -> management.put(process.service().module(), process.managementUrl()));
		stack.put("managementUrls", management);
		stack.put("kafkaBootstrapServers", infrastructure.kafkaBootstrapServers());
		stack.put("topicsPrefix", infrastructure.topics().prefix());
		stack.put("jdbcUrl", infrastructure.jdbcUrl() + "?user=" + PostgresServer.USER);
		stack.put("redisUrl", infrastructure.redisUrl());
		stack.put("adminToken", this.settings.adminToken());
		Map<String, Object> pids = new LinkedHashMap<>();
		this.services.processes().forEach(process -> pids.put(process.service().module(), process.pid()));
		stack.put("servicePids", pids);
		stack.put("launcherPid", ProcessHandle.current().pid());
		try {
			writeOwnerOnly(this.data.stackFile(),
					JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(stack));
		}
		catch (IOException ex) {
			throw new LocalStackException("Could not write " + this.data.stackFile() + ": " + ex.getMessage());
		}
	}

	/**
	 * The file holds the admin token: it is created readable by this user alone, where
	 * the file system has POSIX permissions.
	 */
	private static void writeOwnerOnly(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		Files.writeString(file, content);
	}

	@Override
	public void close() {
		if (this.services != null) {
			this.services.close();
		}
		// Together: the last node of a cluster stopped alone would wait for a quorum that
		// is gone.
		CompletableFuture
			.allOf(this.brokers.stream()
				.map(broker -> CompletableFuture.runAsync(broker::close))
				.toArray(CompletableFuture[]::new))
			.join();
		if (this.postgres != null) {
			this.postgres.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.data != null) {
			try {
				Files.deleteIfExists(this.data.stackFile());
			}
			catch (IOException ex) {
				// A stale stack.json names a stack that is gone; the next start
				// overwrites it.
			}
			this.data.close();
		}
	}

	static Path absolute(Path path) {
		return path.toAbsolutePath().normalize();
	}

}
