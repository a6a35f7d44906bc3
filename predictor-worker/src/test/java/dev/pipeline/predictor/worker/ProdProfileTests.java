package dev.pipeline.predictor.worker;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's application.yml under the {@code prod} profile (the one the container
 * deployments run): only its configuration is loaded, no Kafka is needed.
 */
class ProdProfileTests {

	private static final String TRANSACTION_ID_PREFIX = "spring.kafka.producer.transaction-id-prefix";

	@Test
	void shouldNameTheTransactionalIdAfterTheHostInProduction() {
		try (ConfigurableApplicationContext context = start("prod", "--HOSTNAME=predictor-worker-7f9c")) {
			assertThat(context.getEnvironment().getProperty(TRANSACTION_ID_PREFIX))
				.isEqualTo("predictor-worker-predictor-worker-7f9c-");
		}
	}

	@Test
	void shouldLetAnExplicitInstanceIdWinInProduction() {
		try (ConfigurableApplicationContext context = start("prod", "--HOSTNAME=predictor-worker-7f9c",
				"--predictor.instance-id=worker-a")) {
			assertThat(context.getEnvironment().getProperty(TRANSACTION_ID_PREFIX))
				.isEqualTo("predictor-worker-worker-a-");
		}
	}

	@Test
	void shouldKeepARandomTransactionalIdOutsideProduction() {
		try (ConfigurableApplicationContext context = start("default", "--HOSTNAME=predictor-worker-7f9c")) {
			assertThat(context.getEnvironment().getProperty(TRANSACTION_ID_PREFIX)).startsWith("predictor-worker-")
				.doesNotContain("7f9c");
		}
	}

	private static ConfigurableApplicationContext start(String profile, String... args) {
		return new SpringApplicationBuilder(ConfigurationOnly.class).web(WebApplicationType.NONE)
			.profiles(profile)
			.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class ConfigurationOnly {

	}

}
