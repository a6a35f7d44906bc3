package dev.pipeline.servers;

import java.time.Duration;
import java.util.List;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports.Binding;
import org.opentest4j.TestAbortedException;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The test servers in containers, for a machine with Docker ({@code
 * -Dpipeline.test-servers=testcontainers}): Kafka, PostgreSQL and Redis from the images
 * docker-compose.yml pins, each published on the loopback interface only, with the same
 * facts as the embedded servers (PostgreSQL's database and user without a password, the
 * broker's default partitions, Redis without persistence).
 *
 * <p>
 * Each image can be replaced by a property, {@code pipeline.test-servers.kafka-image},
 * {@code postgres-image} or {@code redis-image} (a mirror, or the stand-in images of
 * {@code deploy/verify-compose.sh --build-only}); a replacement is taken as a compatible
 * substitute for the official image.
 */
final class ContainerTestServers implements TestServers {

	/** The broker is the clients' Kafka, as in docker-compose.yml. */
	static final String KAFKA_IMAGE = "apache/kafka:4.2.2";

	static final String POSTGRES_IMAGE = "postgres:17.10";

	static final String REDIS_IMAGE = "redis:7.4";

	private static final String IMAGE_PROPERTY = SharedTestServers.SELECTION_PROPERTY + ".%s-image";

	private static final String LOOPBACK = "127.0.0.1";

	private static final int POSTGRES_PORT = 5432;

	private static final int REDIS_PORT = 6379;

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private final KafkaContainer kafka;

	private final PostgreSQLContainer postgres;

	private final int redisPort;

	private GenericContainer<?> redis;

	private ContainerTestServers(KafkaContainer kafka, PostgreSQLContainer postgres, GenericContainer<?> redis,
			int redisPort) {
		this.kafka = kafka;
		this.postgres = postgres;
		this.redis = redis;
		this.redisPort = redisPort;
	}

	static ContainerTestServers start(int partitions) {
		KafkaContainer kafka = kafkaContainer(partitions);
		PostgreSQLContainer postgres = postgresContainer();
		// Redis keeps its host port across restartRedis(), so the port is chosen here.
		int redisPort = Ports.free();
		GenericContainer<?> redis = redisContainer(redisPort);
		try {
			Startables.deepStart(kafka, postgres, redis).join();
		}
		catch (RuntimeException ex) {
			// Those that did start would outlive the JVM where Ryuk is disabled.
			for (GenericContainer<?> container : List.of(kafka, postgres, redis)) {
				container.stop();
			}
			throw ex;
		}
		ContainerTestServers servers = new ContainerTestServers(kafka, postgres, redis, redisPort);
		PostgresServer.migrate(servers.jdbcUrl());
		return servers;
	}

	/**
	 * What {@link KafkaBroker} sets beyond the container's defaults: the tests rely on
	 * the default partitions of auto-created topics, and the share groups' state topic
	 * must fit one broker.
	 */
	private static KafkaContainer kafkaContainer(int partitions) {
		return onLoopback(new KafkaContainer(image("kafka", KAFKA_IMAGE))
			.withEnv("KAFKA_NUM_PARTITIONS", String.valueOf(partitions))
			.withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "5")
			.withEnv("KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS", "5")
			.withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
			.withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
			.withEnv("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m")
			.withStartupTimeout(STARTUP));
	}

	/**
	 * The embedded server's facts: its database and user, no password (trust), and room
	 * for the connection pools of several applications in one test JVM. Ready when it
	 * answers over TCP: the official image's first start runs a temporary server on the
	 * socket only, so its log says "ready" twice, a stand-in's once.
	 */
	private static PostgreSQLContainer postgresContainer() {
		PostgreSQLContainer postgres = new PostgreSQLContainer(image("postgres", POSTGRES_IMAGE));
		return onLoopback(postgres.withDatabaseName(PostgresServer.DATABASE)
			.withUsername(PostgresServer.USER)
			.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
			.withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300")
			.waitingFor(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -U " + PostgresServer.USER)
				.withStartupTimeout(STARTUP)));
	}

	/**
	 * Without persistence, as the embedded Redis, and without protected mode, which would
	 * refuse the clients: Docker's proxy reaches the container from the bridge, not from
	 * its loopback (the official image's entrypoint turns it off too).
	 */
	private static GenericContainer<?> redisContainer(int hostPort) {
		GenericContainer<?> redis = new GenericContainer<>(image("redis", REDIS_IMAGE)).withExposedPorts(REDIS_PORT)
			.withCommand("redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no")
			.waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1).withStartupTimeout(STARTUP));
		return redis.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
			.withPortBindings(new PortBinding(Binding.bindIpAndPort(LOOPBACK, hostPort), ExposedPort.tcp(REDIS_PORT))));
	}

	/**
	 * The image named by the server's property, or the pinned one; another image is taken
	 * as a substitute for the official one (the containers' classes check the name).
	 */
	static DockerImageName image(String server, String pinned) {
		String name = System.getProperty(IMAGE_PROPERTY.formatted(server), pinned);
		return DockerImageName.parse(name)
			.asCompatibleSubstituteFor(DockerImageName.parse(pinned).getUnversionedPart());
	}

	/**
	 * Publishes every exposed port on the loopback interface only, on a port Docker
	 * chooses: Docker's default would be every interface of the machine. So the host of
	 * every container is {@code localhost} (the parent POM's testcontainers profile sets
	 * {@code TESTCONTAINERS_HOST_OVERRIDE}; the Kafka container advertises it).
	 */
	private static <C extends GenericContainer<?>> C onLoopback(C container) {
		container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
			.withPortBindings(container.getExposedPorts()
				.stream()
				.map(port -> new PortBinding(Binding.bindIp(LOOPBACK), ExposedPort.tcp(port)))
				.toList()));
		return container;
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

	private String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.postgres.getMappedPort(POSTGRES_PORT) + "/"
				+ PostgresServer.DATABASE;
	}

	@Override
	public TestDatabase postgres() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl());
		dataSource.setUser(PostgresServer.USER);
		return new TestDatabase(jdbcUrl(), this.postgres.getMappedPort(POSTGRES_PORT), dataSource);
	}

	/**
	 * A streaming replica is a copy of the embedded server's data directory
	 * ({@link PostgresReplica}), which a container does not share: the tests of read
	 * replicas are skipped on containers.
	 */
	@Override
	public PostgresReplica postgresReplica() {
		throw new TestAbortedException("A PostgreSQL read replica needs the embedded test servers (-D"
				+ SharedTestServers.SELECTION_PROPERTY + "=embedded)");
	}

	@Override
	public synchronized int redisPort() {
		return this.redisPort;
	}

	/**
	 * A new container on the same host port: it starts empty, as a restart without
	 * persistence does.
	 */
	@Override
	public synchronized void restartRedis() {
		this.redis.stop();
		this.redis = redisContainer(this.redisPort);
		this.redis.start();
	}

	@Override
	public synchronized void close() {
		for (GenericContainer<?> container : List.of(this.kafka, this.postgres, this.redis)) {
			container.stop();
		}
	}

}
