package dev.pipeline.local;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.contracts.TopicNames;

/**
 * Where the services find Kafka, PostgreSQL and Redis, as the standard Spring properties
 * each service reads (the same ones a production deployment sets through environment
 * variables), and the names of its topics.
 */
public record Infrastructure(String kafkaBootstrapServers, String jdbcUrl, String jdbcUser, int redisPort,
		TopicNames topics) {

	public String redisUrl() {
		return "redis://localhost:" + this.redisPort;
	}

	Map<String, String> springProperties() {
		Map<String, String> props = new LinkedHashMap<>();
		props.put("spring.kafka.bootstrap-servers", this.kafkaBootstrapServers);
		props.put("spring.datasource.url", this.jdbcUrl);
		props.put("spring.datasource.username", this.jdbcUser);
		props.put("spring.datasource.password", "");
		props.put("spring.data.redis.host", "localhost");
		props.put("spring.data.redis.port", String.valueOf(this.redisPort));
		props.put("pipeline.topics.prefix", this.topics.prefix());
		return props;
	}

}
