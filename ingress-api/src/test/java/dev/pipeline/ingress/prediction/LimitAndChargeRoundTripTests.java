package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit and the quota charge of a prediction or a job share one Redis round trip
 * ({@code rate-limit-and-charge.lua}), counted on the shared Redis itself
 * ({@code INFO commandstats}), and the client still sees the checks in the filters'
 * order: authentication, rate limit, validation, quota.
 */
class LimitAndChargeRoundTripTests extends PredictionPathTest {

	private static final String RATE_LIMITED = "urn:pipeline:problem:rate-limit-exceeded";

	@Autowired
	StringRedisTemplate redis;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "/v1/models/kalman/predict | {\"inputs\": [[1, 2]]} | 200",
					"/v1/models/kalman/jobs | {\"inputs\": [[1, 2]]} | 202", "/predict | {\"text\": \"fine\"} | 200",
					"/api/v1/{account}/kalman | {\"results\": [1, 2]} | 200" })
	void shouldDecideTheRateLimitAndTheChargeInOneScriptCall(String route, String body, int status) {
		String path = route.replace("{account}", this.account.id());
		assertThat(this.http.postJson(path, body).statusCode()).isEqualTo(status);
		// Other tests' contexts and schedules share this Redis: the fewest script calls
		// any one request made is this route's own count.
		long fewest = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			long before = scriptCalls();
			HttpResponse<String> response = this.http.postJson(path, body);
			long calls = scriptCalls() - before;
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.headers().firstValue("RateLimit")).isPresent();
			fewest = Math.min(fewest, calls);
		}
		assertThat(fewest).isEqualTo(1);
	}

	@Test
	void shouldAnswerTheRateLimitBeforeValidationAndReplaysAndChargeNothingWhenItRefuses() {
		TestAccount owner = createAccount(100, 1);
		Http client = Http.withApiKey(this.port, owner.apiKey());
		String key = "limited-replay-" + UUID.randomUUID();
		assertThat(client.postJson("/v1/models/kalman/predict", "{\"inputs\": [[1, 2]]}", "Idempotency-Key", key)
			.statusCode()).isEqualTo(200);

		HttpResponse<String> invalid = client.postJson("/v1/models/kalman/predict", "{\"inputs\": [\"no series\"]}");
		HttpResponse<String> malformed = client.postJson("/v1/models/kalman/predict", "{not json");
		HttpResponse<String> valid = client.postJson("/v1/models/kalman/predict", "{\"inputs\": [[1, 2]]}",
				"Idempotency-Key", "over-the-limit-" + UUID.randomUUID());
		HttpResponse<String> replay = client.postJson("/v1/models/kalman/predict", "{\"inputs\": [[1, 2]]}",
				"Idempotency-Key", key);

		for (HttpResponse<String> refused : List.of(invalid, malformed, valid, replay)) {
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(Http.json(refused).path("type").asString()).isEqualTo(RATE_LIMITED);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat(refused.headers().firstValue("RateLimit")).isPresent();
		}
		// The admin is not rate limited; the account's own view would be refused now.
		Http admin = new Http(this.port, "X-Admin-Token", ADMIN_TOKEN);
		assertThat(Http.json(admin.get("/v1/admin/accounts/" + owner.id())).path("quotaUsed").asLong()).isEqualTo(1);
	}

	@Test
	void shouldAnswerTheRateLimitBeforeAJobsValidationAndReplayAndChargeNothingWhenItRefuses() {
		TestAccount owner = createAccount(100, 1);
		Http client = Http.withApiKey(this.port, owner.apiKey());
		String key = "limited-job-" + UUID.randomUUID();
		assertThat(client.postJson("/v1/models/kalman/jobs", "{\"inputs\": [[1, 2]]}", "Idempotency-Key", key)
			.statusCode()).isEqualTo(202);

		HttpResponse<String> invalid = client.postJson("/v1/models/kalman/jobs", "{\"inputs\": [\"no series\"]}");
		HttpResponse<String> badCallback = client.postJson("/v1/models/kalman/jobs",
				"{\"inputs\": [[1, 2]], \"callbackUrl\": \"ftp://example.com/\"}");
		HttpResponse<String> valid = client.postJson("/v1/models/kalman/jobs", "{\"inputs\": [[1, 2]]}",
				"Idempotency-Key", "over-the-limit-" + UUID.randomUUID());
		HttpResponse<String> replay = client.postJson("/v1/models/kalman/jobs", "{\"inputs\": [[1, 2]]}",
				"Idempotency-Key", key);

		for (HttpResponse<String> refused : List.of(invalid, badCallback, valid, replay)) {
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(Http.json(refused).path("type").asString()).isEqualTo(RATE_LIMITED);
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		}
		Http admin = new Http(this.port, "X-Admin-Token", ADMIN_TOKEN);
		assertThat(Http.json(admin.get("/v1/admin/accounts/" + owner.id())).path("quotaUsed").asLong()).isEqualTo(1);
	}

	private long scriptCalls() {
		Properties stats = this.redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info("commandstats"));
		return calls(stats, "cmdstat_evalsha") + calls(stats, "cmdstat_eval");
	}

	private static long calls(Properties stats, String command) {
		String line = stats.getProperty(command);
		if (line == null) {
			return 0;
		}
		for (String field : line.split(",")) {
			if (field.startsWith("calls=")) {
				return Long.parseLong(field.substring("calls=".length()));
			}
		}
		return 0;
	}

}
