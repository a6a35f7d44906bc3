package dev.pipeline.ingress.system;

import dev.pipeline.ingress.IngressIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorEndpointsTests extends IngressIntegrationTest {

	@Value("${local.server.port}")
	int port;

	@Test
	void shouldReportHealthAndExposePrometheusMetricsToTheAdmin() {
		RestClient client = RestClient.create("http://localhost:" + this.port);

		String health = client.get().uri("/actuator/health").retrieve().body(String.class);
		String prometheus = client.get()
			.uri("/actuator/prometheus")
			.header("X-Admin-Token", ADMIN_TOKEN)
			.retrieve()
			.body(String.class);

		assertThat(health).contains("\"status\":\"UP\"").contains("db").contains("redis").contains("kafka");
		assertThat(prometheus).contains("jvm_memory_used_bytes");
	}

}
