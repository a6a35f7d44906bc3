package dev.pipeline.ingress.system;

import java.nio.charset.StandardCharsets;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is problem+json, including the ones Spring MVC never sees: requests Tomcat
 * refuses while parsing them (an encoded slash, a bad request line or header, a header
 * too large) and errors that reach Boot's error page. Sent over a raw socket, since a
 * client library would refuse to send most of them.
 */
class ErrorResponseTests extends IngressIntegrationTest {

	private RawHttp raw;

	@BeforeEach
	void rawClient() {
		this.raw = new RawHttp(this.serverPort);
	}

	@Test
	void shouldAnswerAnEncodedSlashWithAProblem() {
		assertBadRequestProblem(this.raw.send("GET", "/v1%2fmetrics", null));
	}

	@Test
	void shouldAnswerAnIllegalCharacterInTheRequestLineWithAProblem() {
		assertBadRequestProblem(this.raw.send("GET", "/v1/metrics|x", null));
	}

	@Test
	void shouldAnswerAMalformedRequestLineWithAProblem() {
		assertBadRequestProblem(
				this.raw.sendBytes("GET /v1/metrics HTTP/1.1 extra\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void shouldAnswerAnIllegalHeaderNameWithAProblem() {
		assertBadRequestProblem(this.raw.send("GET", "/v1/metrics", null, "(request)", "x"));
	}

	@Test
	void shouldAnswerAHeaderTooLargeWithAProblem() {
		assertBadRequestProblem(this.raw.send("GET", "/v1/metrics", null, "X-Padding", "x".repeat(64 * 1024)));
	}

	@Test
	void shouldAnswerAQueryParameterThatIsNotUtf8WithAProblem() {
		String apiKey = createAccount(100, 600).apiKey();

		assertBadRequestProblem(
				this.raw.send("GET", "/v1/metrics?model=%C3%28", null, "Authorization", "Bearer " + apiKey));
	}

	@Test
	void shouldAnswerTheErrorPathItselfWithAProblem() {
		RawHttp.Response response = this.raw.send("GET", "/error", null, "Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isBetween(400, 499);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void shouldAnswerABrowserWithAProblemToo() {
		String apiKey = createAccount(100, 600).apiKey();

		RawHttp.Response response = this.raw.send("GET", "/v1/no-such-route", null, "Authorization", "Bearer " + apiKey,
				"Accept", "text/html");

		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":404").doesNotContain("<html");
	}

	private static void assertBadRequestProblem(RawHttp.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
		assertThat(response.body()).contains("\"status\":400").doesNotContain("<html").doesNotContain("Tomcat");
	}

}
