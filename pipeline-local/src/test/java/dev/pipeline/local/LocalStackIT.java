package dev.pipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
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
 * through {@code /health}, keep the actuator on the management ports and secrets off the
 * command lines, write stack.json for its owner, refuse a second copy, stop without
 * leaving a listening port, and start again on the same data.
 */
@Order(1) // Before the shared pipeline of the other end-to-end tests starts, so the
			// machine is quiet.
class LocalStackIT {

	private static final String ADMIN_TOKEN = "local-stack-it-admin-token";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void shouldStartStopAndRestartOnTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
		Iterator<Integer> ports = Ports.free(9).iterator();
		Map<String, String> env = Map.ofEntries(Map.entry("PIPELINE_DATA_DIR", dataDir.toString()),
				Map.entry("PIPELINE_HTTP_PORT", port(ports)), Map.entry("PIPELINE_MANAGEMENT_PORT", port(ports)),
				Map.entry("PIPELINE_PREDICTOR_PORT", port(ports)), Map.entry("PIPELINE_AGGREGATOR_PORT", port(ports)),
				Map.entry("PIPELINE_ANALYST_PORT", port(ports)), Map.entry("PIPELINE_KAFKA_PORT", port(ports)),
				Map.entry("PIPELINE_KAFKA_CONTROLLER_PORT", port(ports)),
				Map.entry("PIPELINE_POSTGRES_PORT", port(ports)), Map.entry("PIPELINE_REDIS_PORT", port(ports)),
				Map.entry("PIPELINE_ADMIN_TOKEN", ADMIN_TOKEN));
		LocalStackSettings settings = LocalStackSettings.fromEnvironment(env, home(), false);

		try (LocalStack stack = new LocalStack(settings)) {
			stack.start();
			assertHealthy(stack.ingressUrl());
			assertActuatorOnlyOnTheManagementPorts(stack);
			assertNoSecretOnTheCommandLines(stack);
			Path stackFile = dataDir.resolve("stack.json");
			JsonNode file = JsonMapper.builder().build().readTree(Files.readString(stackFile));
			assertThat(file.get("ingressUrl").asString()).isEqualTo(stack.ingressUrl());
			assertThat(file.get("managementUrls").get("ingress-api").asString())
				.isEqualTo("http://127.0.0.1:" + env.get("PIPELINE_MANAGEMENT_PORT") + "/actuator");
			assertThat(file.get("managementUrls").get("predictor-worker").asString())
				.isEqualTo("http://127.0.0.1:" + env.get("PIPELINE_PREDICTOR_PORT") + "/actuator");
			assertThat(file.get("adminToken").asString()).isEqualTo(ADMIN_TOKEN);
			assertThat(Files.getPosixFilePermissions(stackFile))
				.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
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
		HttpResponse<String> response = get(ingressUrl + "/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		assertThat(body.toString()).containsIgnoringCase("kafka")
			.containsIgnoringCase("postgres")
			.containsIgnoringCase("redis");
		assertThat(body.get("status").asString()).isEqualTo("UP");
	}

	/**
	 * Health details and metrics on each service's loopback management port, none on the
	 * API port.
	 */
	private void assertActuatorOnlyOnTheManagementPorts(LocalStack stack) throws IOException, InterruptedException {
		for (ServiceProcess process : stack.services().processes()) {
			HttpResponse<String> health = get(process.managementUrl() + "/health");
			assertThat(health.statusCode()).as(process.service().module()).isEqualTo(200);
			assertThat(health.body()).as(process.service().module()).contains("\"components\"");
			assertThat(get(process.managementUrl() + "/prometheus").body()).contains("jvm_memory_used_bytes");
		}
		assertThat(get(stack.ingressUrl() + "/actuator/health").statusCode()).isEqualTo(404);
	}

	/**
	 * What {@code ps} shows of the services (from /proc/PID/cmdline) holds no admin
	 * token.
	 */
	private static void assertNoSecretOnTheCommandLines(LocalStack stack) {
		for (ServiceProcess process : stack.services().processes()) {
			String commandLine = ProcessHandle.of(process.pid()).orElseThrow().info().commandLine().orElseThrow();
			assertThat(commandLine).as(process.service().module()).contains("-jar").doesNotContain(ADMIN_TOKEN);
		}
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<Integer> listeningPorts(LocalStackSettings s) {
		return List.of(s.httpPort(), s.managementPort(), s.predictorPort(), s.aggregatorPort(), s.analystPort(),
				s.kafkaPort(), s.kafkaControllerPort(), s.postgresPort(), s.redisPort());
	}

	private static String port(Iterator<Integer> ports) {
		return String.valueOf(ports.next());
	}

	static Path home() {
		return Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
	}

}
