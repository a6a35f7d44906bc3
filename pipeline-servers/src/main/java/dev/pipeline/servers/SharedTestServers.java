package dev.pipeline.servers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared test kit: one Kafka broker, one PostgreSQL and one Redis per test JVM,
 * started on first use and stopped when the JVM exits. Every integration test class of a
 * module reuses them, so a module pays for server start-up once. Tests isolate themselves
 * by data (their own ids, accounts and consumer groups), not by servers.
 *
 * <p>
 * The servers are embedded (in the test JVM's own processes) unless the system property
 * {@value #SELECTION_PROPERTY} says {@code testcontainers}: then they are containers
 * (Testcontainers, on a machine with Docker), with the same facts for the tests
 * (docs/deployment.md, "The integration tests on Testcontainers").
 */
public final class SharedTestServers {

	/**
	 * Partitions of each contract topic in tests: more than one, so routing is exercised.
	 */
	public static final int TEST_PARTITIONS = 3;

	/**
	 * Where the servers come from: {@code embedded} (the default) or
	 * {@code testcontainers}.
	 */
	public static final String SELECTION_PROPERTY = "pipeline.test-servers";

	private static SharedTestServers instance;

	private final TestServers servers;

	private SharedTestServers(TestServers servers) {
		this.servers = servers;
	}

	public static synchronized SharedTestServers get() {
		if (instance == null) {
			instance = new SharedTestServers(startAll());
			Runtime.getRuntime().addShutdownHook(new Thread(instance.servers::close, "shared-test-servers-stop"));
		}
		return instance;
	}

	private static TestServers startAll() {
		String selected = System.getProperty(SELECTION_PROPERTY, "embedded");
		TestServers servers = switch (selected) {
			case "embedded" -> EmbeddedTestServers.start(TEST_PARTITIONS);
			case "testcontainers" -> startContainers();
			default -> throw new IllegalArgumentException(
					SELECTION_PROPERTY + " is embedded or testcontainers, not '" + selected + "'");
		};
		TopicProvisioner.ensureTopics(servers.kafkaBootstrapServers(), TEST_PARTITIONS);
		return servers;
	}

	private static TestServers startContainers() {
		try {
			return ContainerTestServers.start(TEST_PARTITIONS);
		}
		catch (NoClassDefFoundError ex) {
			// Testcontainers is an optional dependency of this module: the parent POM's
			// testcontainers profile puts it on the test classpath, when Maven itself
			// sees
			// the property.
			throw new IllegalStateException("Testcontainers is not on the test classpath: pass -D" + SELECTION_PROPERTY
					+ "=testcontainers to Maven (it activates the testcontainers profile)", ex);
		}
	}

	public String kafkaBootstrapServers() {
		return this.servers.kafkaBootstrapServers();
	}

	public String jdbcUrl() {
		return this.servers.postgres().jdbcUrl();
	}

	public TestDatabase postgres() {
		return this.servers.postgres();
	}

	/**
	 * A streaming replica of {@link #postgres()}, started on first use: only the tests of
	 * a read replica pay for it. Embedded servers only: on containers the calling test is
	 * skipped.
	 */
	public PostgresReplica postgresReplica() {
		return this.servers.postgresReplica();
	}

	public int redisPort() {
		return this.servers.redisPort();
	}

	/** Restarts Redis on the same port; without persistence it comes back empty. */
	public void restartRedis() {
		this.servers.restartRedis();
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

}
