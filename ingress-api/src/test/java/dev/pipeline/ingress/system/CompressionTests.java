package dev.pipeline.ingress.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compressed bodies both ways, on the real Tomcat: gzip request bodies with the size
 * limit applied to what they inflate to, and responses compressed for clients that accept
 * it.
 */
class CompressionTests extends PredictionPathTest {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void shouldPredictFromAGzipBody() {
		HttpResponse<byte[]> response = post("/v1/models/sentiment/predict", gzip("{\"inputs\": [\"great film\"]}"),
				"gzip");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = PipelineJson.mapper().readTree(response.body());
		assertThat(body.path("outputs")).hasSize(1);
		assertThat(body.path("outputs").get(0).path("label").asString()).isEqualTo("positive");
	}

	@Test
	void shouldAnswer413ForAGzipBodyThatInflatesPastTheLimit() {
		// 64 MiB of text compress to about 64 KiB: under the 1 MB limit on the wire.
		String bomb = "{\"inputs\": [\"" + "a".repeat(64 * 1024 * 1024) + "\"]}";
		byte[] compressed = gzip(bomb);
		assertThat(compressed.length).isLessThan(1024 * 1024);

		HttpResponse<byte[]> response = post("/v1/models/sentiment/predict", compressed, "gzip");

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(PipelineJson.mapper().readTree(response.body()).get("type").asString()).endsWith("body-too-large");
	}

	@Test
	void shouldAnswer400ForABodyThatIsNotGzip() {
		HttpResponse<byte[]> response = post("/v1/models/sentiment/predict",
				"{\"inputs\": [\"great film\"]}".getBytes(StandardCharsets.UTF_8), "gzip");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(PipelineJson.mapper().readTree(response.body()).get("type").asString())
			.endsWith("malformed-content-encoding");
	}

	@Test
	void shouldAnswer415ForAnotherContentCoding() {
		HttpResponse<byte[]> response = post("/v1/models/sentiment/predict",
				"{\"inputs\": [\"great film\"]}".getBytes(StandardCharsets.UTF_8), "br");

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(PipelineJson.mapper().readTree(response.body()).get("type").asString())
			.endsWith("unsupported-content-encoding");
	}

	@Test
	void shouldCompressALargeJsonResponseForAClientThatAcceptsGzip() {
		HttpResponse<byte[]> compressed = get("/v3/api-docs", "gzip");
		HttpResponse<byte[]> plain = get("/v3/api-docs", "identity");

		assertThat(compressed.statusCode()).isEqualTo(200);
		assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(gunzip(compressed.body())).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
		assertThat(compressed.body().length).isLessThan(plain.body().length / 3);
	}

	@Test
	void shouldCompressALargeProblemToo() {
		String bad = String.join(", ", Collections.nCopies(40, "42"));
		HttpRequest request = builder("/v1/models/sentiment/predict", "gzip").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": [" + bad + "]}"))
			.build();

		HttpResponse<byte[]> response = send(request);

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(PipelineJson.mapper().readTree(gunzip(response.body())).get("errors")).hasSize(40);
	}

	private HttpResponse<byte[]> post(String path, byte[] body, String contentEncoding) {
		return send(builder(path, "identity").header("Content-Type", "application/json")
			.header("Content-Encoding", contentEncoding)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	private HttpResponse<byte[]> get(String path, String acceptEncoding) {
		return send(builder(path, acceptEncoding).GET().build());
	}

	private HttpRequest.Builder builder(String path, String acceptEncoding) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(40))
			.header("Authorization", "Bearer " + this.account.apiKey())
			.header("Accept-Encoding", acceptEncoding);
	}

	private static HttpResponse<byte[]> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static String gunzip(byte[] compressed) {
		try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
