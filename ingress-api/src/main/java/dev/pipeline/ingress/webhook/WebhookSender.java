package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.pipeline.ingress.webhook.CallbackUrls.RefusedTarget;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook: {@code POST} with the job's JSON, within
 * {@code ingress.webhooks.connect-timeout} and {@code read-timeout}. Redirects are not
 * followed (a 3xx is a failed attempt: following one would reach a target nobody
 * checked), and the receiver's body is never read, only its status.
 */
@Component
class WebhookSender {

	private static final String USER_AGENT = "prediction-pipeline-webhooks/1";

	private final HttpClient client;

	private final Duration readTimeout;

	private final CallbackUrls urls;

	WebhookSender(WebhookProperties properties, CallbackUrls urls) {
		this.urls = urls;
		this.client = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		this.readTimeout = properties.readTimeout();
	}

	/**
	 * @return the receiver's status
	 * @throws RefusedTarget when the callback URL's host may not be called
	 * @throws IOException when the receiver could not be reached or did not answer in
	 * time
	 */
	int send(URI url, String id, long timestamp, String signature, byte[] body)
			throws RefusedTarget, IOException, InterruptedException {
		this.urls.check(url);
		HttpRequest request = HttpRequest.newBuilder(url)
			.timeout(this.readTimeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", USER_AGENT)
			.header(WebhookSignature.ID, id)
			.header(WebhookSignature.TIMESTAMP, String.valueOf(timestamp))
			.header(WebhookSignature.SIGNATURE, signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<InputStream> response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		// Closed unread: whatever the receiver sends back is not our business.
		response.body().close();
		return response.statusCode();
	}

}
