package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The REST side of the benchmark: one {@link HttpClient} (HTTP/1.1, kept-alive
 * connections) shared by every load thread, with the benchmark account's API key on every
 * request.
 */
public final class IngressClient {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient http;

	private final String baseUrl;

	private final @Nullable String apiKey;

	public IngressClient(String baseUrl, @Nullable String apiKey) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.apiKey = apiKey;
	}

	public IngressClient withApiKey(@Nullable String key) {
		return new IngressClient(this.baseUrl, key);
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * @param headers extra headers as name, value, name, value...
	 */
	public HttpResponse<String> post(String path, String json, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A GET whose body is read line by line as it arrives (a Server-Sent Events stream);
	 * the caller closes the stream.
	 * @param headers extra headers as name, value, name, value...
	 */
	public HttpResponse<Stream<String>> lines(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path).GET();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
	}

	/**
	 * A request whose bodies stay bytes as they crossed the wire: the client does not
	 * decode a {@code Content-Encoding}, so a caller can count the compressed size.
	 * @param body the request body, or {@code null} for a GET
	 * @param headers headers as name, value, name, value...
	 */
	public HttpResponse<byte[]> exchange(String path, byte @Nullable [] body, String... headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path);
		if (body != null) {
			request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		}
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(REQUEST_TIMEOUT);
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

}
