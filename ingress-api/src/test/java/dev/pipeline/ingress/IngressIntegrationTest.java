package dev.pipeline.ingress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.servers.SharedTestServers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of every ingress integration test: the real application on a random port against
 * the shared Kafka, PostgreSQL and Redis of this test JVM. Keep the configuration
 * identical in subclasses (no extra properties, no {@code @MockitoBean}) so Spring reuses
 * one context.
 *
 * <p>
 * Protected routes need an API key: {@link #createAccount} makes an account of its own
 * through the admin API, so tests never share quota or rate limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IngressIntegrationTest {

	protected static final SharedTestServers servers = SharedTestServers.get();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The admin token of every ingress context of the tests. */
	protected static final String ADMIN_TOKEN = "test-admin-token-5f1c2a9e7b";

	/**
	 * All tests send from one address, and many send wrong credentials on purpose; the
	 * limit of failed authentications is tested on an instance of its own
	 * (AuthenticationFloodTests).
	 */
	private static final String UNLIMITED_FAILED_AUTHENTICATIONS = String.valueOf(Integer.MAX_VALUE);

	@Value("${local.server.port}")
	protected int serverPort;

	/**
	 * Webhook tests use a receiver on loopback, so every instance of the tests may call
	 * one (an instance that refused would fail the deliveries it claims), and retries
	 * come quickly. The refusal of private targets is tested on an instance of its own.
	 */
	protected static final Map<String, String> WEBHOOKS_TO_LOOPBACK = Map.of("ingress.webhooks.allow-private-targets",
			"true", "ingress.webhooks.poll-interval", "100ms", "ingress.webhooks.retry-initial", "100ms",
			"ingress.webhooks.retry-max", "200ms", "ingress.webhooks.give-up-after", "3s");

	@DynamicPropertySource
	static void pointAtSharedServers(DynamicPropertyRegistry registry) {
		servers.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("ingress.accounts.admin-token", () -> ADMIN_TOKEN);
		registry.add("ingress.accounts.failed-authentications-per-minute", () -> UNLIMITED_FAILED_AUTHENTICATIONS);
		WEBHOOKS_TO_LOOPBACK.forEach((name, value) -> registry.add(name, () -> value));
	}

	/** An account made for one test, with the API key that was shown once at creation. */
	protected record TestAccount(String id, String apiKey) {
	}

	/** Creates an account of its own through the admin API of this test's context. */
	protected TestAccount createAccount(long quotaLimit, int ratePerMinute) {
		Map<?, ?> created = TestRestClients.create("http://localhost:" + this.serverPort)
			.post()
			.uri("/v1/admin/accounts")
			.header("X-Admin-Token", ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "test-" + UUID.randomUUID(), "quotaLimit", quotaLimit, "ratePerMinute", ratePerMinute))
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
				throw new IllegalStateException("account creation answered " + response.getStatusCode());
			})
			.body(Map.class);
		return new TestAccount((String) created.get("id"), (String) created.get("apiKey"));
	}

	/** A client of this test's context that sends the given API key. */
	protected RestClient clientWithKey(String apiKey) {
		return TestRestClients.builder()
			.baseUrl("http://localhost:" + this.serverPort)
			.defaultHeader("Authorization", "Bearer " + apiKey)
			.build();
	}

	/**
	 * Starts another ingress instance (own port, own beans) on the shared servers, as a
	 * second node of a cluster would be; the caller closes it. Arguments are given as
	 * command-line arguments so they override application.yml.
	 */
	protected static ConfigurableApplicationContext startAnotherInstance(Map<String, String> overrides) {
		Map<String, String> properties = new LinkedHashMap<>(servers.springProperties());
		properties.put("ingress.accounts.admin-token", ADMIN_TOKEN);
		properties.put("ingress.accounts.failed-authentications-per-minute", UNLIMITED_FAILED_AUTHENTICATIONS);
		properties.put("server.port", "0");
		properties.put("management.server.port", "0");
		properties.putAll(WEBHOOKS_TO_LOOPBACK);
		properties.putAll(overrides);
		List<String> args = new ArrayList<>();
		properties.forEach((name, value) -> args.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(IngressApiApplication.class).run(args.toArray(String[]::new));
	}

	/** Sends a request and keeps whatever comes back, errors included. */
	protected static Reply send(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> {
			byte[] body = response.getBody().readAllBytes();
			return new Reply(response.getStatusCode().value(), response.getHeaders(),
					new String(body, StandardCharsets.UTF_8));
		});
	}

	/** A response as the client saw it; {@link #json()} parses the body. */
	protected record Reply(int status, HttpHeaders headers, String body) {

		public Map<String, Object> json() {
			return JSON.readValue(this.body, new TypeReference<Map<String, Object>>() {
			});
		}

		public String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	protected static int portOf(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	/**
	 * A client of another instance ({@link #startAnotherInstance}) that sends an API key.
	 */
	protected static RestClient clientOf(ConfigurableApplicationContext instance, String apiKey) {
		return TestRestClients.builder()
			.baseUrl("http://localhost:" + portOf(instance))
			.defaultHeader("X-API-Key", apiKey)
			.build();
	}

}
