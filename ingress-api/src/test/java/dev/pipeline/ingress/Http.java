package dev.pipeline.ingress;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.pipeline.contracts.PipelineJson;
import tools.jackson.databind.JsonNode;

/** A small HTTP client for tests: raw requests, any status, JSON bodies read as trees. */
public final class Http {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final String[] defaultHeaders;

	/**
	 * @param defaultHeaders name/value pairs sent with every request, e.g. the API key of
	 * the test's account
	 */
	public Http(int port, String... defaultHeaders) {
		this.base = "http://localhost:" + port;
		this.defaultHeaders = defaultHeaders.clone();
	}

	/**
	 * A client of the given port that authenticates with the API key as a real client
	 * would.
	 */
	public static Http withApiKey(int port, String apiKey) {
		return new Http(port, "Authorization", "Bearer " + apiKey);
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(builder(path, headers).GET().build());
	}

	public HttpResponse<String> postJson(String path, String json, String... headers) {
		return post(path, "application/json", json, headers);
	}

	public HttpResponse<String> putJson(String path, String json, String... headers) {
		return send(builder(path, headers).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	public HttpResponse<String> delete(String path, String... headers) {
		return send(builder(path, headers).DELETE().build());
	}

	public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
		return send(builder(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/** Sends the body without a Content-Length (chunked), as a streaming client would. */
	public HttpResponse<String> postChunked(String path, byte[] body) {
		return send(builder(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build());
	}

	public static JsonNode json(HttpResponse<String> response) {
		return PipelineJson.mapper().readTree(response.body());
	}

	private HttpRequest.Builder builder(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(40));
		for (int i = 0; i + 1 < this.defaultHeaders.length; i += 2) {
			builder.header(this.defaultHeaders[i], this.defaultHeaders[i + 1]);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
