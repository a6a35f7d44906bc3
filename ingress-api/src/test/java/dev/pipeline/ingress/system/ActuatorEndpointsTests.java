package dev.pipeline.ingress.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestRestClients;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator (health details, Prometheus) answers on the management port only; the API
 * port keeps {@code GET /health}, public and reduced to the up or down state of each
 * dependency.
 */
class ActuatorEndpointsTests extends IngressIntegrationTest {

	private static final Map<String, Object> UP = Map.of("status", "UP");

	private static final Map<String, Object> DOWN = Map.of("status", "DOWN");

	@Test
	void shouldNotServeTheActuatorOnTheApiPort() {
		RestClient api = TestRestClients.create("http://localhost:" + this.serverPort);

		for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/db", "/actuator/prometheus",
				"/actuator/info", "/actuator/env")) {
			// Even the admin finds nothing there: the actuator is not on this port at
			// all.
			Reply reply = send(api.get().uri(path).header("X-Admin-Token", ADMIN_TOKEN));

			assertThat(reply.status()).as(path).isEqualTo(404);
			assertThat(reply.header("Content-Type")).as(path).startsWith("application/problem+json");
			assertThat(reply.body()).as(path).doesNotContain("jvm_", "diskSpace", "PostgreSQL");
		}
	}

	@Test
	void shouldServeHealthDetailsAndPrometheusOnTheManagementPort(@LocalManagementPort int managementPort) {
		assertThat(managementPort).isNotEqualTo(this.serverPort);
		RestClient management = TestRestClients.create("http://127.0.0.1:" + managementPort);

		String health = management.get().uri("/actuator/health").retrieve().body(String.class);
		String prometheus = management.get().uri("/actuator/prometheus").retrieve().body(String.class);

		assertThat(health).contains("\"status\":\"UP\"").contains("db").contains("redis").contains("kafka");
		assertThat(prometheus).contains("jvm_memory_used_bytes");
	}

	@Test
	void shouldAnswerHealthOnTheApiPortWithoutCredentialsAndWithStatesOnly() {
		Reply reply = send(TestRestClients.create("http://localhost:" + this.serverPort).get().uri("/health"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json())
			.isEqualTo(Map.of("status", "UP", "components", Map.of("kafka", UP, "postgres", UP, "redis", UP)));
	}

	@Test
	void shouldNameTheDependencyThatIsDownAndNothingMore() throws IOException {
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext withoutRedis = startAnotherInstance(
				Map.of("spring.data.redis.port", String.valueOf(deadPort)))) {
			Reply reply = send(TestRestClients.create("http://localhost:" + portOf(withoutRedis)).get().uri("/health"));

			assertThat(reply.status()).isEqualTo(503);
			// No exception name, timeout, host or port: the management port has those.
			assertThat(reply.json())
				.isEqualTo(Map.of("status", "DOWN", "components", Map.of("kafka", UP, "postgres", UP, "redis", DOWN)));
		}
	}

}
