package dev.pipeline.benchmark.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import dev.pipeline.contracts.PipelineJson;
import tools.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the account the benchmark sends its traffic as, with a quota and rate far above
 * what the run can use, so the limits are checked on every request (their cost is part of
 * the figures) but never refuse one. A stack without the accounts API (404) runs
 * anonymously.
 */
public final class BenchmarkAccount {

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkAccount.class);

	/** The highest rate the admin API accepts (AccountRequests.MAX_RATE_PER_MINUTE). */
	static final int RATE_PER_MINUTE = 1_000_000;

	static final long QUOTA = 1_000_000_000L;

	private BenchmarkAccount() {
	}

	/** The new account's API key, or empty when the stack has no accounts API. */
	public static Optional<String> create(String ingressUrl, String adminToken) throws Exception {
		return create(ingressUrl, adminToken, "benchmark-" + System.currentTimeMillis()).map(Created::apiKey);
	}

	/**
	 * Creates an account named {@code name}; empty when the stack has no accounts API.
	 */
	public static Optional<Created> create(String ingressUrl, String adminToken, String name) throws Exception {
		String body = "{\"name\":\"" + name + "\",\"quotaLimit\":" + QUOTA + ",\"ratePerMinute\":" + RATE_PER_MINUTE
				+ "}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(ingressUrl + "/v1/admin/accounts"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("X-Admin-Token", adminToken)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 404 || response.statusCode() == 405) {
			logger.warn("No accounts API on this stack ({}); requests go without an API key", response.statusCode());
			return Optional.empty();
		}
		if (response.statusCode() != 201 && response.statusCode() != 200) {
			throw new IllegalStateException(
					"Creating the benchmark account answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode account = PipelineJson.mapper().readTree(response.body());
		logger.info("Benchmark account {} created (quota {}, {} requests/minute)", account.path("id").asString(), QUOTA,
				RATE_PER_MINUTE);
		return Optional.of(new Created(account.path("id").asString(), account.path("apiKey").asString()));
	}

	/** A new account: its id (in results and windows) and its API key. */
	public record Created(String id, String apiKey) {
	}

}
