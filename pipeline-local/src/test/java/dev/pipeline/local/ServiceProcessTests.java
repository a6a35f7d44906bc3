package dev.pipeline.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTests {

	private static final String ADMIN_TOKEN = "adm_0123456789abcdef-secret";

	private static final String DATABASE_PASSWORD = "pg-password-secret";

	private final Path jar = Path.of("/repo/ingress-api/target/ingress-api-0.1.0-exec.jar");

	@Test
	void shouldKeepSecretsOffTheCommandLineThatPsShows() {
		ProcessBuilder builder = ServiceProcess.processBuilder(this.jar, ingressProperties(),
				"-Xmx512m -XX:+UseSerialGC");

		assertThat(builder.command()).noneMatch(argument -> argument.contains(ADMIN_TOKEN))
			.noneMatch(argument -> argument.contains(DATABASE_PASSWORD));
		// Nothing but the JVM, its options and the jar: no property can leak there,
		// secret or not.
		assertThat(builder.command()).endsWith("-Xmx512m", "-XX:+UseSerialGC", "-jar", this.jar.toString());
	}

	@Test
	void shouldCapEveryServiceHeapAndLetTheStackOptionsWin() {
		for (Service service : Service.values()) {
			ProcessBuilder builder = ServiceProcess.processBuilder(this.jar, Map.of(), service.javaOptions("-Xmx512m"));

			// The JVM takes the last of two -Xmx: the stack's (the chaos harness's) wins.
			assertThat(builder.command()).contains("-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m")
				.endsWith("-Xmx512m", "-jar", this.jar.toString());
		}
		assertThat(Service.INGRESS_API.javaOptions("")).doesNotEndWith(" ");
	}

	@Test
	void shouldGiveTheIngressASmallerYoungGenerationThanTheOtherServices() {
		assertThat(Service.INGRESS_API.javaOptions("")).startsWith("-Xmx112m -Xmn24m ");
		for (Service service : new Service[] { Service.PREDICTOR_WORKER, Service.METRICS_AGGREGATOR,
				Service.ANALYST_WORKER }) {
			assertThat(service.javaOptions("")).startsWith("-Xmx128m ").doesNotContain("-Xmn");
		}
	}

	@Test
	void shouldCompileEveryServiceWithC1OnlyAndLetTheStackOptionsWin() {
		for (Service service : Service.values()) {
			assertThat(service.javaOptions("")).endsWith("-XX:TieredStopAtLevel=1");
			// The benchmark's tiered side of the comparison: a later option wins.
			assertThat(service.javaOptions("-XX:TieredStopAtLevel=4")).endsWith("-XX:TieredStopAtLevel=4");
		}
	}

	@Test
	void shouldCapGlibcMallocArenasOnLinuxOnly() {
		assertThat(ServiceProcess.allocatorEnvironment("Linux")).containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"));
		assertThat(ServiceProcess.allocatorEnvironment("Mac OS X")).isEmpty();
		if (System.getProperty("os.name").startsWith("Linux")) {
			assertThat(ServiceProcess.processBuilder(this.jar, Map.of(), "").environment())
				.containsEntry("MALLOC_ARENA_MAX", "2");
		}
	}

	@Test
	void shouldHandEveryPropertyToTheServiceThroughItsEnvironment() {
		Map<String, String> properties = ingressProperties();

		ProcessBuilder builder = ServiceProcess.processBuilder(this.jar, properties, "");

		Map<String, String> received = JsonMapper.builder()
			.build()
			.readValue(builder.environment().get("SPRING_APPLICATION_JSON"), new TypeReference<Map<String, String>>() {
			});
		assertThat(received).isEqualTo(properties);
		assertThat(builder.command()).hasSize(3);
	}

	private static Map<String, String> ingressProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "8080");
		properties.put("spring.kafka.bootstrap-servers", "localhost:19092");
		properties.put("spring.datasource.url", "jdbc:postgresql://localhost:15432/postgres");
		properties.put("spring.datasource.password", DATABASE_PASSWORD);
		properties.put("ingress.accounts.admin-token", ADMIN_TOKEN);
		// Characters a shell or JSON would have to escape arrive unchanged.
		properties.put("ingress.note", "a \"quoted\" value with spaces, a \\ and $HOME");
		return properties;
	}

}
