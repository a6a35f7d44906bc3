package dev.pipeline.ingress.webhook;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.webhook.WebhookReceiver.Received;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job webhooks end to end: a job submitted with a {@code callbackUrl} to a receiver on
 * loopback (private targets allowed, as in every ingress instance of the tests), its
 * result stored as the metrics-aggregator stores it, and the signed POST that follows,
 * retried and given up as configured, each attempt counted by its outcome. Private
 * targets refused is tested on an instance with the allowance off.
 */
class WebhookTests extends PredictionPathTest {

	static WebhookReceiver receiver;

	@Autowired
	MeterRegistry meters;

	private String secret;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new WebhookReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@BeforeEach
	void issueSecret() {
		HttpResponse<String> issued = this.http.post("/v1/account/webhook-secret", "application/json", "");
		assertThat(issued.statusCode()).isEqualTo(201);
		this.secret = Http.json(issued).path("secret").asString();
		assertThat(this.secret).startsWith("whsec_");
	}

	@Test
	void shouldPostTheFinalStateOnceSignedWithTheAccountsSecret() throws Exception {
		String path = "/hooks/" + UUID.randomUUID();
		String id = submit(receiver.url(path));
		Instant before = Instant.now();
		double delivered = attempts("delivered");
		long timed = this.meters.get(WebhookMeters.ATTEMPT_DURATION).timer().count();

		storeResult(id, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", Instant.now(), Instant.now(),
				this.account.id());

		await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(state(id)));
		List<Received> received = receiver.received(path);
		assertThat(received).hasSize(1);
		Received webhook = received.get(0);
		assertThat(webhook.id()).isEqualTo(id);
		assertThat(webhook.contentType()).startsWith("application/json");
		assertThat(Long.parseLong(webhook.timestamp())).isBetween(before.getEpochSecond() - 1,
				Instant.now().getEpochSecond() + 1);
		assertThat(webhook.signature()).isEqualTo(expectedSignature(webhook));
		JsonNode body = PipelineJson.mapper().readTree(webhook.bodyText());
		assertThat(body.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(body).isEqualTo(Http.json(this.http.get("/v1/jobs/" + id)));
		await().untilAsserted(() -> assertThat(attempts("delivered")).isEqualTo(delivered + 1));
		assertThat(this.meters.get(WebhookMeters.ATTEMPT_DURATION).timer().count()).isGreaterThan(timed);
	}

	@Test
	void shouldRetryAFailedDeliveryWithTheSameWebhookId() throws Exception {
		String path = "/hooks/" + UUID.randomUUID();
		receiver.answer(path, 500);
		String id = submit(receiver.url(path));

		storeResult(id, "FAILED", null, Instant.now(), Instant.now(), this.account.id());

		await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(state(id)));
		List<Received> received = receiver.received(path);
		assertThat(received).hasSize(2);
		assertThat(received).extracting(Received::id).containsOnly(id);
		assertThat(received)
			.allSatisfy((webhook) -> assertThat(webhook.signature()).isEqualTo(expectedSignature(webhook)));
		assertThat(received.get(1).bodyText()).isEqualTo(received.get(0).bodyText());
		assertThat(column(id, "attempts")).isEqualTo(2);
	}

	@Test
	void shouldGiveUpAfterTheConfiguredBoundAndRecordTheFailure() throws Exception {
		String path = "/hooks/" + UUID.randomUUID();
		receiver.answerAlways(path, 503);
		String id = submit(receiver.url(path));
		double failed = attempts("failed");
		double givenUp = attempts("given-up");

		storeResult(id, "SUCCEEDED", "[]", Instant.now(), Instant.now(), this.account.id());

		// Counted every 10 polls, 1 s in the tests: at least once in the 3 s it is
		// retried.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.meters.get(WebhookMeters.PENDING).gauge().value() >= 1);
		// ingress.webhooks.give-up-after is 3 s in the tests.
		await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(state(id)));
		int attempts = column(id, "attempts");
		assertThat(attempts).isGreaterThan(1);
		assertThat(column(id, "last_status")).isEqualTo(503);
		assertThat(receiver.received(path)).hasSize(attempts);
		await().untilAsserted(() -> assertThat(attempts("given-up")).isEqualTo(givenUp + 1));
		assertThat(attempts("failed")).isEqualTo(failed + attempts - 1);
	}

	@Test
	void shouldRefuseACallbackUrlThatIsNoAbsoluteHttpUrlWith400() {
		String tooLong = "http://example.com/" + "a".repeat(2100);
		for (String url : List.of("ftp://example.com/hook", "/relative/hook", "http://user:secret@example.com/hook",
				"http://", "not a url", tooLong)) {
			HttpResponse<String> refused = this.http.postJson("/v1/models/sentiment/jobs", jobBody(url));
			assertThat(refused.statusCode()).as(url).isEqualTo(400);
			assertThat(Http.json(refused).path("type").asString()).as(url)
				.isEqualTo("urn:pipeline:problem:invalid-callback-url");
		}
		HttpResponse<String> notAString = this.http.postJson("/v1/models/sentiment/jobs",
				"{\"inputs\": [\"good\"], \"callbackUrl\": 42}");
		assertThat(notAString.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldRefuseACallbackUrlOfAnAccountWithoutASecretWith400() {
		Http other = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());

		HttpResponse<String> refused = other.postJson("/v1/models/sentiment/jobs", jobBody(receiver.url("/hooks/x")));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Http.json(refused).path("type").asString()).isEqualTo("urn:pipeline:problem:webhook-secret-missing");
	}

	@Test
	void shouldRefusePrivateTargetsUnlessTheOperatorAllowsThem() {
		try (ConfigurableApplicationContext strict = startAnotherInstance(
				Map.of("ingress.webhooks.allow-private-targets", "false"))) {
			Http client = Http.withApiKey(portOf(strict), this.account.apiKey());
			for (String url : List.of(receiver.url("/hooks/strict"), "http://localhost:9/hook", "http://[::1]/hook",
					"http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook", "http://192.168.0.1/hook",
					"http://172.16.0.1/hook", "http://0.0.0.0/hook", "http://[::ffff:127.0.0.1]/hook",
					"http://[fd00::1]/hook")) {
				HttpResponse<String> refused = client.postJson("/v1/models/sentiment/jobs", jobBody(url));
				assertThat(refused.statusCode()).as(url).isEqualTo(400);
				assertThat(Http.json(refused).path("type").asString()).as(url)
					.isEqualTo("urn:pipeline:problem:invalid-callback-url");
			}
		}
	}

	private double attempts(String outcome) {
		return this.meters.get(WebhookMeters.ATTEMPTS).tag("outcome", outcome).counter().count();
	}

	private String submit(String callbackUrl) {
		HttpResponse<String> accepted = this.http.postJson("/v1/models/sentiment/jobs", jobBody(callbackUrl));
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		return Http.json(accepted).path("id").asString();
	}

	private static String jobBody(String callbackUrl) {
		return "{\"inputs\": [\"[silent] answered by the test\"], \"callbackUrl\": "
				+ PipelineJson.mapper().writeValueAsString(callbackUrl) + "}";
	}

	private String state(String jobId) {
		return this.jdbc.sql("SELECT state FROM webhook_deliveries WHERE job_id = ?")
			.param(jobId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private int column(String jobId, String column) {
		return this.jdbc.sql("SELECT " + column + " FROM webhook_deliveries WHERE job_id = ?")
			.param(jobId)
			.query(Integer.class)
			.single();
	}

	/** Standard Webhooks' verification, written out as a receiver would. */
	private String expectedSignature(Received webhook) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(this.secret.substring("whsec_".length())), "HmacSHA256"));
		byte[] signed = mac.doFinal(
				(webhook.id() + "." + webhook.timestamp() + "." + webhook.bodyText()).getBytes(StandardCharsets.UTF_8));
		return "v1," + Base64.getEncoder().encodeToString(signed);
	}

}
