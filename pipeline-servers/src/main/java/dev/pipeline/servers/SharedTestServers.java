package dev.pipeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared test kit: one Kafka broker, one PostgreSQL and one Redis per test JVM,
 * started on first use and stopped when the JVM exits. Every integration test class of a
 * module reuses them, so a module pays for server start-up once. Tests isolate themselves
 * by data (their own ids, accounts and consumer groups), not by servers.
 */
public final class SharedTestServers {

	/**
	 * Partitions of each contract topic in tests: more than one, so routing is exercised.
	 */
	public static final int TEST_PARTITIONS = 3;

	private static SharedTestServers instance;

	private final Path root;

	private final KafkaBroker kafka;

	private final PostgresServer postgres;

	private RedisServer redis;

	private PostgresReplica replica;

	private SharedTestServers(Path root, KafkaBroker kafka, PostgresServer postgres, RedisServer redis) {
		this.root = root;
		this.kafka = kafka;
		this.postgres = postgres;
		this.redis = redis;
	}

	public static synchronized SharedTestServers get() {
		if (instance == null) {
			instance = startAll();
			Runtime.getRuntime().addShutdownHook(new Thread(instance::stopAll, "shared-test-servers-stop"));
		}
		return instance;
	}

	private static SharedTestServers startAll() {
		try {
			Path root = Files.createTempDirectory("pipeline-test-servers");
			RedisServer redis = RedisServer.start(null, 0);
			PostgresServer postgres = PostgresServer.start(null, 0);
			postgres.migrate();
			KafkaBroker kafka = KafkaBroker.start(root.resolve("kafka"), 0, 0, TEST_PARTITIONS);
			TopicProvisioner.ensureTopics(kafka.bootstrapServers(), TEST_PARTITIONS);
			return new SharedTestServers(root, kafka, postgres, redis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public String jdbcUrl() {
		return this.postgres.jdbcUrl();
	}

	public PostgresServer postgres() {
		return this.postgres;
	}

	/**
	 * A streaming replica of {@link #postgres()}, started on first use: only the tests of
	 * a read replica pay for it.
	 */
	public synchronized PostgresReplica postgresReplica() {
		if (this.replica == null) {
			this.replica = PostgresReplica.start(this.postgres, this.root.resolve("postgres-replica"));
		}
		return this.replica;
	}

	public synchronized int redisPort() {
		return this.redis.port();
	}

	/** Restarts Redis on the same port; without persistence it comes back empty. */
	public synchronized void restartRedis() {
		this.redis = this.redis.restart();
	}

	/** Spring Boot properties that point an application at these servers. */
	public Map<String, String> springProperties() {
		Map<String, String> props = new LinkedHashMap<>();
		props.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
		props.put("spring.datasource.url", jdbcUrl());
		props.put("spring.datasource.username", PostgresServer.USER);
		props.put("spring.datasource.password", "");
		props.put("spring.data.redis.host", "localhost");
		props.put("spring.data.redis.port", String.valueOf(redisPort()));
		return props;
	}

	private synchronized void stopAll() {
		this.kafka.close();
		if (this.replica != null) {
			this.replica.close();
		}
		this.postgres.close();
		this.redis.close();
		deleteQuietly(this.root);
	}

	private static void deleteQuietly(Path dir) {
		try (var paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temp directory left behind is harmless.
		}
	}

}
