package dev.pipeline.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The default test servers: {@link KafkaBroker}, {@link PostgresServer} and
 * {@link RedisServer} in the test JVM's own processes, on free ports.
 */
final class EmbeddedTestServers implements TestServers {

	private final Path root;

	private final KafkaBroker kafka;

	private final PostgresServer postgres;

	private RedisServer redis;

	private PostgresReplica replica;

	private EmbeddedTestServers(Path root, KafkaBroker kafka, PostgresServer postgres, RedisServer redis) {
		this.root = root;
		this.kafka = kafka;
		this.postgres = postgres;
		this.redis = redis;
	}

	static EmbeddedTestServers start(int partitions) {
		try {
			Path root = Files.createTempDirectory("pipeline-test-servers");
			RedisServer redis = RedisServer.start(null, 0);
			PostgresServer postgres = PostgresServer.start(null, 0);
			postgres.migrate();
			KafkaBroker kafka = KafkaBroker.start(root.resolve("kafka"), 0, 0, partitions);
			return new EmbeddedTestServers(root, kafka, postgres, redis);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	@Override
	public TestDatabase postgres() {
		return new TestDatabase(this.postgres.jdbcUrl(), this.postgres.port(), this.postgres.dataSource());
	}

	@Override
	public synchronized PostgresReplica postgresReplica() {
		if (this.replica == null) {
			this.replica = PostgresReplica.start(this.postgres, this.root.resolve("postgres-replica"));
		}
		return this.replica;
	}

	@Override
	public synchronized int redisPort() {
		return this.redis.port();
	}

	@Override
	public synchronized void restartRedis() {
		this.redis = this.redis.restart();
	}

	@Override
	public synchronized void close() {
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
			paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temp directory left behind is harmless.
		}
	}

}
