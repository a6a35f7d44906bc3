package dev.pipeline.ingress.system;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Adds Kafka to {@code /actuator/health} on the management port, which Spring Boot does
 * not cover on its own: the ingress accepts nothing without Kafka. Uses the same bounded
 * check as {@code GET /health}, and says why Kafka is down, which the public
 * {@code /health} does not.
 */
@Component("kafkaHealthIndicator")
class KafkaHealthIndicator implements HealthIndicator {

	private final DependencyHealth dependencies;

	KafkaHealthIndicator(DependencyHealth dependencies) {
		this.dependencies = dependencies;
	}

	@Override
	public Health health() {
		Map<String, String> state = this.dependencies.checkKafkaOnly();
		Health.Builder builder = DependencyHealth.UP.equals(state.get("status")) ? Health.up() : Health.down();
		if (state.containsKey("detail")) {
			builder.withDetail("detail", state.get("detail"));
		}
		return builder.build();
	}

}
