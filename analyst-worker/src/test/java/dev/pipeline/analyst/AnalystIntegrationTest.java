package dev.pipeline.analyst;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.analyst.gemini.FakeGemini;
import dev.pipeline.analyst.gemini.GeminiProperties;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every analyst integration test: the real application against the shared Kafka,
 * PostgreSQL and Redis of this test JVM and the {@link FakeGemini} server, with short
 * backoffs. Keep the configuration identical in subclasses so Spring reuses one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class AnalystIntegrationTest {

	protected static final SharedTestServers servers = SharedTestServers.get();

	protected static final FakeGemini gemini = FakeGemini.start();

	@Autowired
	private GeminiProperties upstreamSettings;

	@Autowired
	private StringRedisTemplate upstreamRedis;

	/**
	 * Every test starts with a fake Gemini that has no scripted answers and an unspent
	 * quota.
	 */
	@BeforeEach
	void resetUpstreamAndQuota() {
		gemini.reset();
		this.upstreamRedis.delete(this.upstreamSettings.quotaKey());
	}

	@DynamicPropertySource
	static void pointAtSharedServers(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** Everything an analyst instance of these tests is configured with. */
	protected static Map<String, String> properties() {
		Map<String, String> props = new LinkedHashMap<>(servers.springProperties());
		props.put("analyst.gemini.api-key", "test-key");
		props.put("analyst.gemini.base-url", gemini.baseUrl());
		props.put("analyst.gemini.request-timeout", "2s");
		props.put("analyst.gemini.initial-backoff", "50ms");
		props.put("analyst.gemini.max-backoff", "200ms");
		props.put("analyst.gemini.budget", "4s");
		return props;
	}

}
