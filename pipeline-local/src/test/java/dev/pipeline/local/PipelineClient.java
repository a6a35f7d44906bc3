package dev.pipeline.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A REST client for end-to-end tests: JSON in, status and JSON out. */
final class PipelineClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String apiKey;

	private final String accountId;

	private final String adminToken;

	private PipelineClient(String baseUrl, String apiKey, String accountId, String adminToken) {
		this.baseUrl = baseUrl;
		this.apiKey = apiKey;
		this.accountId = accountId;
		this.adminToken = adminToken;
	}

	/** A client of the admin routes: every request carries the stack's admin token. */
	static PipelineClient admin(RunningPipeline pipeline) {
		return new PipelineClient(pipeline.ingressUrl(), null, null, RunningPipeline.ADMIN_TOKEN);
	}

	/**
	 * A client for a fresh account with a generous quota, created through the admin API.
	 */
	static PipelineClient forNewAccount(RunningPipeline pipeline) {
		Response created = admin(pipeline).post("/v1/admin/accounts", """
				{"name": "e2e-%s", "quotaLimit": 100000, "ratePerMinute": 100000}
				""".formatted(UUID.randomUUID()));
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create an account: " + created);
		}
		return new PipelineClient(pipeline.ingressUrl(), created.body().get("apiKey").asString(),
				created.body().get("id").asString(), null);
	}

	String apiKey() {
		return this.apiKey;
	}

	String accountId() {
		return this.accountId;
	}

	Response post(String path, String body, String... headers) {
		HttpRequest.Builder request = authorized(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	Response put(String path, String body, String... headers) {
		HttpRequest.Builder request = authorized(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request);
	}

	Response get(String path) {
		return send(authorized(path).GET());
	}

	Response delete(String path) {
		return send(authorized(path).DELETE());
	}

	private HttpRequest.Builder authorized(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		if (this.apiKey != null) {
			request.header("Authorization", "Bearer " + this.apiKey);
		}
		if (this.adminToken != null) {
			request.header("X-Admin-Token", this.adminToken);
		}
		return request;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
			return new Response(response.statusCode(), body, response);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Response(int status, JsonNode body, HttpResponse<String> raw) {

		String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
