package dev.pipeline.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.pipeline.contracts.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackSettingsTests {

	private final Path home = Path.of("/repo");

	@Test
	void shouldUseDefaultsThatAvoidCommonlyInstalledServers() {
		LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of(), this.home, false);

		assertThat(settings.dataDir()).isEqualTo(Path.of("/repo/.pipeline-data"));
		assertThat(settings.httpPort()).isEqualTo(8080);
		assertThat(settings.servicePorts()).isEqualTo(new ServicePorts(8080, 18080, 18081, 18082, 18083));
		assertThat(settings.kafkaPort()).isEqualTo(19092);
		assertThat(settings.postgresPort()).isEqualTo(15432);
		assertThat(settings.redisPort()).isEqualTo(16379);
		assertThat(settings.wipe()).isFalse();
		assertThat(settings.adminTokenGenerated()).isTrue();
		assertThat(settings.adminToken()).startsWith("adm_").hasSizeGreaterThan(40);
	}

	@Test
	void shouldTakeSettingsFromTheEnvironment() {
		LocalStackSettings settings = LocalStackSettings.fromEnvironment(
				Map.of("PIPELINE_DATA_DIR", "/data", "PIPELINE_HTTP_PORT", "9090", "PIPELINE_MANAGEMENT_PORT", "9091",
						"PIPELINE_ADMIN_TOKEN", "secret", "PIPELINE_WIPE", "true"),
				this.home, false);

		assertThat(settings.dataDir()).isEqualTo(Path.of("/data"));
		assertThat(settings.httpPort()).isEqualTo(9090);
		assertThat(settings.servicePorts().management(Service.INGRESS_API)).isEqualTo(9091);
		assertThat(settings.adminToken()).isEqualTo("secret");
		assertThat(settings.adminTokenGenerated()).isFalse();
		assertThat(settings.wipe()).isTrue();
	}

	@Test
	void shouldHandEveryServiceTheTopicPrefix() {
		LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of("PIPELINE_TOPICS_PREFIX", "dev-a."),
				this.home, false);
		Infrastructure infrastructure = new Infrastructure("localhost:1", "jdbc:postgresql://localhost:2/p", "p", 3,
				settings.topics());

		assertThat(settings.topics().of(Topics.INFERENCE_REQUESTS)).isEqualTo("dev-a.inference.requests");
		assertThat(infrastructure.springProperties()).containsEntry("pipeline.topics.prefix", "dev-a.");
		assertThat(LocalStackSettings.fromEnvironment(Map.of(), this.home, false).topics().prefix()).isEmpty();
		assertThatThrownBy(
				() -> LocalStackSettings.fromEnvironment(Map.of("PIPELINE_TOPICS_PREFIX", "a b"), this.home, false))
			.isInstanceOf(LocalStackException.class)
			.hasMessageContaining("PIPELINE_TOPICS_PREFIX");
	}

	@Test
	void shouldRejectAPortThatIsNotANumberInWords() {
		assertThatThrownBy(
				() -> LocalStackSettings.fromEnvironment(Map.of("PIPELINE_REDIS_PORT", "redis"), this.home, false))
			.isInstanceOf(LocalStackException.class)
			.hasMessage("PIPELINE_REDIS_PORT=redis must be a positive whole number.");
		assertThatThrownBy(
				() -> LocalStackSettings.fromEnvironment(Map.of("PIPELINE_HTTP_PORT", "70000"), this.home, false))
			.hasMessageContaining("is not a port number");
	}

	@Test
	void shouldGiveEachServiceThreeMinutesToStartUnlessTold() {
		assertThat(LocalStackSettings.fromEnvironment(Map.of(), this.home, false).serviceStartTimeout())
			.isEqualTo(Duration.ofSeconds(180));
		assertThat(LocalStackSettings.fromEnvironment(Map.of("PIPELINE_SERVICE_START_TIMEOUT", "600"), this.home, false)
			.serviceStartTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of("PIPELINE_SERVICE_START_TIMEOUT", "0"),
				this.home, false))
			.hasMessage("PIPELINE_SERVICE_START_TIMEOUT=0 must be a positive whole number.");
	}

	@Test
	void shouldRunOneBrokerOrAClusterOfThree() {
		assertThat(LocalStackSettings.fromEnvironment(Map.of(), this.home, false).brokers()).isEqualTo(1);
		assertThat(LocalStackSettings.fromEnvironment(Map.of("PIPELINE_BROKERS", "3"), this.home, false).brokers())
			.isEqualTo(3);
		assertThatThrownBy(() -> LocalStackSettings.fromEnvironment(Map.of("PIPELINE_BROKERS", "2"), this.home, false))
			.isInstanceOf(LocalStackException.class)
			.hasMessage("PIPELINE_BROKERS=2 must be 1 or 3.");
	}

}
