package dev.pipeline.ingress;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The tests' {@link RestClient}s, on the JDK's HTTP client. Spring picks Apache
 * HttpClient 5 for {@code TestRestClients.builder()} whenever it is on the class path,
 * and it is since webhooks send with it; with it every test request to the embedded
 * Tomcat took about a second, which let rate limits refill between requests that a test
 * counts on arriving together. The JDK client is the one these tests were written
 * against.
 */
public final class TestRestClients {

	private TestRestClients() {
	}

	public static RestClient.Builder builder() {
		return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory());
	}

	public static RestClient create(String baseUrl) {
		return builder().baseUrl(baseUrl).build();
	}

}
