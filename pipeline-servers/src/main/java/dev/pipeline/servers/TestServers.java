package dev.pipeline.servers;

/**
 * One Kafka broker, one PostgreSQL (migrated) and one Redis for a test JVM, from wherever
 * {@link SharedTestServers} was told to take them.
 */
interface TestServers {

	String kafkaBootstrapServers();

	TestDatabase postgres();

	PostgresReplica postgresReplica();

	int redisPort();

	/** Restarts Redis on the same port; it comes back empty. */
	void restartRedis();

	void close();

}
