package dev.pipeline.ingress;

import dev.pipeline.servers.SharedTestServers;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every ingress integration test: the real application on a random port against the
 * shared Kafka, PostgreSQL and Redis of this test JVM. Keep the configuration identical in
 * subclasses (no extra properties, no {@code @MockitoBean}) so Spring reuses one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IngressIntegrationTest {

	protected static final SharedTestServers servers = SharedTestServers.get();

	@DynamicPropertySource
	static void pointAtSharedServers(DynamicPropertyRegistry registry) {
		servers.springProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
