package dev.pipeline.local;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import dev.pipeline.contracts.TopicNames;

/**
 * Everything the local stack can be told, read from environment variables (the README's
 * configuration table lists them). Ports default to values that do not clash with a
 * Kafka, PostgreSQL or Redis already installed on a developer machine.
 *
 * @param home the repository root: where the service jars and the model repository are
 * @param httpPort the ingress API
 * @param managementPort the ingress's actuator; {@code predictorPort},
 * {@code aggregatorPort} and {@code analystPort} are the workers' (they have no other)
 * @param adminTokenGenerated whether no token was configured and one was made up
 * @param brokers Kafka nodes: 1, or a cluster of 3 (every node a KRaft voter, topics
 * replicated 3 times with {@code min.insync.replicas=2}); nodes after the first listen on
 * free ports
 * @param serviceStartTimeout how long each service may take to become healthy before the
 * start fails
 * @param classDataSharing whether the services run from extracted jars with a class-data
 * archive made by their first run ({@link ClassDataSharing})
 * @param topics the topic names of this stack ({@code PIPELINE_TOPICS_PREFIX}, handed to
 * every service as {@code pipeline.topics.prefix})
 */
public record LocalStackSettings(Path home, Path dataDir, boolean wipe, int httpPort, int managementPort,
		int predictorPort, int aggregatorPort, int analystPort, int kafkaPort, int kafkaControllerPort,
		int postgresPort, int redisPort, int partitions, String adminToken, boolean adminTokenGenerated,
		String javaOptions, int brokers, Duration serviceStartTimeout, boolean classDataSharing, TopicNames topics) {

	/**
	 * How long a service may take to start unless {@code PIPELINE_SERVICE_START_TIMEOUT}
	 * says.
	 */
	public static final Duration DEFAULT_SERVICE_START_TIMEOUT = Duration.ofSeconds(180);

	/** The ports of the four services, as the launcher hands them out. */
	public ServicePorts servicePorts() {
		return new ServicePorts(this.httpPort, this.managementPort, this.predictorPort, this.aggregatorPort,
				this.analystPort);
	}

	public static LocalStackSettings fromEnvironment(Map<String, String> env, Path home, boolean wipeRequested) {
		String token = env.get("PIPELINE_ADMIN_TOKEN");
		boolean generated = token == null || token.isBlank();
		return new LocalStackSettings(home, home.resolve(env.getOrDefault("PIPELINE_DATA_DIR", ".pipeline-data")),
				wipeRequested || Boolean.parseBoolean(env.getOrDefault("PIPELINE_WIPE", "false")),
				port(env, "PIPELINE_HTTP_PORT", 8080), port(env, "PIPELINE_MANAGEMENT_PORT", 18080),
				port(env, "PIPELINE_PREDICTOR_PORT", 18081), port(env, "PIPELINE_AGGREGATOR_PORT", 18082),
				port(env, "PIPELINE_ANALYST_PORT", 18083), port(env, "PIPELINE_KAFKA_PORT", 19092),
				port(env, "PIPELINE_KAFKA_CONTROLLER_PORT", 19093), port(env, "PIPELINE_POSTGRES_PORT", 15432),
				port(env, "PIPELINE_REDIS_PORT", 16379), positive(env, "PIPELINE_PARTITIONS", 3),
				generated ? newToken() : token, generated, env.getOrDefault("PIPELINE_SERVICE_JAVA_OPTS", ""),
				brokers(env), serviceStartTimeout(env), classDataSharing(env), topics(env));
	}

	/**
	 * {@code PIPELINE_CLASS_DATA_SHARING}: {@code true} unless set to {@code false}.
	 */
	public static boolean classDataSharing(Map<String, String> env) {
		String value = env.getOrDefault("PIPELINE_CLASS_DATA_SHARING", "true").trim();
		if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
			throw new LocalStackException("PIPELINE_CLASS_DATA_SHARING=" + value + " must be true or false.");
		}
		return Boolean.parseBoolean(value);
	}

	/** {@code PIPELINE_TOPICS_PREFIX}: none by default. */
	public static TopicNames topics(Map<String, String> env) {
		try {
			return new TopicNames(env.getOrDefault("PIPELINE_TOPICS_PREFIX", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new LocalStackException("PIPELINE_TOPICS_PREFIX: " + ex.getMessage());
		}
	}

	/**
	 * {@code PIPELINE_SERVICE_START_TIMEOUT}, in seconds: 180 by default, enough for a
	 * service on a quiet 2-core machine several times over; a machine shared with other
	 * builds (load average 40 and more) has needed longer.
	 */
	public static Duration serviceStartTimeout(Map<String, String> env) {
		return Duration.ofSeconds(
				positive(env, "PIPELINE_SERVICE_START_TIMEOUT", (int) DEFAULT_SERVICE_START_TIMEOUT.toSeconds()));
	}

	private static int brokers(Map<String, String> env) {
		int brokers = positive(env, "PIPELINE_BROKERS", 1);
		if (brokers != 1 && brokers != 3) {
			throw new LocalStackException("PIPELINE_BROKERS=" + brokers + " must be 1 or 3.");
		}
		return brokers;
	}

	private static int port(Map<String, String> env, String name, int fallback) {
		int port = positive(env, name, fallback);
		if (port > 65535) {
			throw new LocalStackException(name + "=" + port + " is not a port number (1-65535).");
		}
		return port;
	}

	private static int positive(Map<String, String> env, String name, int fallback) {
		String value = env.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < 1) {
				throw new NumberFormatException();
			}
			return parsed;
		}
		catch (NumberFormatException ex) {
			throw new LocalStackException(name + "=" + value + " must be a positive whole number.");
		}
	}

	private static String newToken() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return "adm_" + HexFormat.of().formatHex(bytes);
	}

}
