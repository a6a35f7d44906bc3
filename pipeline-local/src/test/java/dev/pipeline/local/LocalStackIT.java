package dev.pipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.pipeline.servers.Ports;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local stack as a new user runs it: start on an empty data directory, report healthy
 * through {@code /health}, write stack.json, refuse a second copy, stop without leaving a
 * listening port, and start again on the same data.
 */
@Order(1) // Before the shared pipeline of the other end-to-end tests starts, so the machine is quiet.
class LocalStackIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldStartStopAndRestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
		Map<String, String> env = Map.of("PIPELINE_DATA_DIR", dataDir.toString(), "PIPELINE_HTTP_PORT",
				port(), "PIPELINE_PREDICTOR_PORT", port(), "PIPELINE_AGGREGATOR_PORT", port(),
				"PIPELINE_ANALYST_PORT", port(), "PIPELINE_KAFKA_PORT", port(), "PIPELINE_KAFKA_CONTROLLER_PORT",
				port(), "PIPELINE_POSTGRES_PORT", port(), "PIPELINE_REDIS_PORT", port(), "PIPELINE_ADMIN_TOKEN",
				"local-stack-it");
		LocalStackSettings settings = LocalStackSettings.fromEnvironment(env, home(), false);

		try (LocalStack stack = new LocalStack(settings)) {
			stack.start();
			assertHealthy(stack.ingressUrl());
			JsonNode file = JsonMapper.builder().build().readTree(Files.readString(dataDir.resolve("stack.json")));
			assertThat(file.get("ingressUrl").asString()).isEqualTo(stack.ingressUrl());
			assertThat(file.get("adminToken").asString()).isEqualTo("local-stack-it");
			assertThat(file.get("kafkaBootstrapServers").asString()).endsWith(env.get("PIPELINE_KAFKA_PORT"));
			assertThat(file.get("jdbcUrl").asString()).contains(env.get("PIPELINE_POSTGRES_PORT"));
			assertThat(file.get("redisUrl").asString()).endsWith(env.get("PIPELINE_REDIS_PORT"));

			assertThatThrownBy(() -> new LocalStack(settings).start()).isInstanceOf(LocalStackException.class)
				.hasMessageContaining("already running");
		}
		assertThat(listeningPorts(settings)).allMatch(Ports::isFree);
		assertThat(dataDir.resolve("stack.json")).doesNotExist();

		try (LocalStack again = new LocalStack(settings)) {
			again.start();
			assertHealthy(again.ingressUrl());
		}
		assertThat(listeningPorts(settings)).allMatch(Ports::isFree);
	}

	private void assertHealthy(String ingressUrl) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(ingressUrl + "/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		assertThat(body.toString()).containsIgnoringCase("kafka").containsIgnoringCase("postgres")
			.containsIgnoringCase("redis");
		assertThat(body.get("status").asString()).isEqualTo("UP");
	}

	private static List<Integer> listeningPorts(LocalStackSettings s) {
		return List.of(s.httpPort(), s.predictorPort(), s.aggregatorPort(), s.analystPort(), s.kafkaPort(),
				s.kafkaControllerPort(), s.postgresPort(), s.redisPort());
	}

	private static String port() {
		return String.valueOf(Ports.free());
	}

	static Path home() {
		return Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
	}

}
