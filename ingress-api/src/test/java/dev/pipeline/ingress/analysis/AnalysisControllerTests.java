package dev.pipeline.ingress.analysis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.reports.AnalysisReportStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AnalysisControllerTests extends IngressIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(AnalysisControllerTests.class);

	static StandInAnalyst analyst;

	/**
	 * This class's account; its rate and quota allow the latency measurement's 550
	 * requests.
	 */
	static TestAccount account;

	final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@Autowired
	AnalysisReportStore reports;

	@Autowired
	ModelCatalog catalog;

	@Autowired
	AnalystClient analystClient;

	@BeforeAll
	static void startStandInAnalyst() {
		analyst = new StandInAnalyst(servers.kafkaBootstrapServers());
	}

	@BeforeEach
	void useAnAccountOfThisClass() {
		if (account == null) {
			account = createAccount(100_000, 100_000);
		}
	}

	@AfterAll
	static void stopStandInAnalyst() throws InterruptedException {
		analyst.close();
	}

	@Test
	void shouldServeACachedReportWithoutTouchingKafka() throws Exception {
		String model = served("cached-");
		cache(model, "1h", "## Summary\nFrom the cache.");
		Map<TopicPartition, Long> before = requestOffsets();

		HttpResponse<String> response = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"60m\"}".formatted(model), "X-Request-Id", "client-correlation-1");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("cached").asBoolean()).isTrue();
		assertThat(body.get("source").asString()).isEqualTo("gemini");
		assertThat(body.get("report").asString()).isEqualTo("## Summary\nFrom the cache.");
		assertThat(body.get("metrics").get("count").asLong()).isEqualTo(42);
		// The report id is the server's; the client's request id only correlates the
		// response.
		assertThat(body.get("id").asString()).isNotEqualTo("client-correlation-1")
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue("client-correlation-1");
		// The ingress answers a miss only after Kafka acknowledged the request, so by now
		// any
		// request it sent is in the log.
		assertThat(requestsSince(before)).noneMatch((request) -> request.model().equals(model));
	}

	@Test
	void shouldAnswerTheCompatibilityRouteLikeItsTwin() throws Exception {
		String model = served("cached-");
		cache(model, "1h", "## Summary\nTwin.");

		HttpResponse<String> response = post("/analyze/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("report").asString()).isEqualTo("## Summary\nTwin.");
	}

	@Test
	void shouldAskTheAnalystOverKafkaOnAMiss() throws Exception {
		String model = served(StandInAnalyst.ANSWERED_PREFIX);

		HttpResponse<String> response = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"15m\"}".formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("cached").asBoolean()).isFalse();
		assertThat(body.get("model").asString()).isEqualTo(model);
		assertThat(body.get("window").asString()).isEqualTo("15m");
		assertThat(body.get("report").asString()).isEqualTo("## Performance report: " + model);
	}

	@Test
	void shouldRouteTheReportToAReplyPartitionThisInstanceOwns() throws Exception {
		String model = served(StandInAnalyst.ANSWERED_PREFIX);
		Map<TopicPartition, Long> before = requestOffsets();

		HttpResponse<String> response = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		ConsumerRecord<String, AnalysisRequest> sent = requestRecordOf(model, before);
		assertThat(new String(sent.headers().lastHeader(PipelineHeaders.REPLY_TOPIC).value(), StandardCharsets.UTF_8))
			.isEqualTo(Topics.ANALYSIS_REPORTS.name());
		assertThat(ByteBuffer.wrap(sent.headers().lastHeader(PipelineHeaders.REPLY_PARTITION).value()).getInt())
			.isIn(this.analystClient.assignedReplyPartitions());
	}

	@Test
	void shouldSendTheRequestWithoutAReplyAddressWhileThisInstanceOwnsNoReplyPartition() throws Exception {
		// What a rebalance looks like from here: the reply consumer holds no partition,
		// so no report could reach this instance.
		this.analystClient.stop();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.analystClient.assignedReplyPartitions().isEmpty());
			String model = served(StandInAnalyst.ANSWERED_PREFIX);
			Map<TopicPartition, Long> before = requestOffsets();

			HttpResponse<String> accepted = post("/v1/analysis/performance",
					"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model), "Prefer", "wait=10");

			assertThat(accepted.statusCode()).isEqualTo(202);
			String id = json(accepted).get("id").asString();
			assertThat(json(accepted).get("status").asString()).isEqualTo("PENDING");
			assertThat(accepted.headers().firstValue("Location")).hasValue("/v1/analysis/" + id);
			// Still sent, as a plain request: the analyst stores its report for the poll.
			ConsumerRecord<String, AnalysisRequest> sent = requestRecordOf(model, before);
			assertThat(sent.key()).isEqualTo(id);
			assertThat(sent.headers().lastHeader(PipelineHeaders.REPLY_TOPIC)).isNull();
			assertThat(sent.headers().lastHeader(PipelineHeaders.REPLY_PARTITION)).isNull();
		}
		finally {
			this.analystClient.start();
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !this.analystClient.assignedReplyPartitions().isEmpty());
	}

	@Test
	void shouldAnswer202WithAPollLocationWhenTheReportTakesLonger() throws Exception {
		String model = served("slow-");

		HttpResponse<String> accepted = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model), "Prefer", "wait=1");

		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("wait=1");
		String id = json(accepted).get("id").asString();
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(location).isEqualTo("/v1/analysis/" + id);
		assertThat(json(accepted).get("status").asString()).isEqualTo("PENDING");
		assertThat(get(location).statusCode()).isEqualTo(202);

		// The analyst keeps every report by request id when it is done.
		AnalysisReport late = report(id, model, "1h", "## Summary\nLate but here.");
		this.reports.putById(late, Duration.ofMinutes(5));

		HttpResponse<String> done = get(location);
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(json(done).get("report").asString()).isEqualTo("## Summary\nLate but here.");
	}

	@Test
	void shouldAnswerAtOnceWhenTheClientPrefersRespondAsync() throws Exception {
		String model = served(StandInAnalyst.ANSWERED_PREFIX);

		HttpResponse<String> accepted = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model), "Prefer", "respond-async");

		// Even a report the analyst answers at once is not waited for: the client asked
		// not to.
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
		assertThat(accepted.headers().firstValue("Location"))
			.hasValue("/v1/analysis/" + json(accepted).get("id").asString());
	}

	@Test
	void shouldNotFindAnUnknownReport() throws Exception {
		HttpResponse<String> response = get("/v1/analysis/" + UUID.randomUUID());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void shouldMeasureCachedResponseLatency() throws Exception {
		String model = served("cached-");
		cache(model, "1h", "## Summary\nFast.");
		String body = "{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model);
		IntStream.range(0, 50).forEach((i) -> post(body));
		int n = 500;
		long[] micros = new long[n];
		for (int i = 0; i < n; i++) {
			long started = System.nanoTime();
			HttpResponse<String> response = post(body);
			micros[i] = (System.nanoTime() - started) / 1000;
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("\"cached\":true");
		}
		Arrays.sort(micros);
		// A measurement for docs/analysis.md, not an assertion.
		log.info(
				"Cached POST /v1/analysis/performance over {} sequential requests: p50 {} us, p90 {} us, p99 {} us, max {} us",
				n, micros[n / 2], micros[n * 90 / 100], micros[n * 99 / 100], micros[n - 1]);
	}

	@Test
	void shouldNotAnalyseAModelThatIsNotServed() throws Exception {
		TestAccount own = createAccount(10, 600);
		String model = "never-announced-" + UUID.randomUUID();
		Map<TopicPartition, Long> before = requestOffsets();

		HttpResponse<String> response = post(own, "/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model));

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json(response).get("type").asString()).isEqualTo("urn:pipeline:problem:unknown-model");
		assertThat(requestsSince(before)).noneMatch((request) -> request.model().equals(model));
		assertThat(quotaUsed(own)).isZero();
	}

	@Test
	void shouldChargeEachAnalysisToTheCallersQuota() throws Exception {
		TestAccount own = createAccount(2, 600);
		String model = served("cached-");
		cache(model, "1h", "## Summary\nCharged.");
		String body = "{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model);

		int first = post(own, "/v1/analysis/performance", body).statusCode();
		int second = post(own, "/analyze/performance", body).statusCode();
		HttpResponse<String> third = post(own, "/v1/analysis/performance", body);

		assertThat(first).isEqualTo(200);
		assertThat(second).isEqualTo(200);
		assertThat(third.statusCode()).isEqualTo(429);
		assertThat(json(third).get("type").asString()).isEqualTo("urn:pipeline:problem:quota-exhausted");
		assertThat(quotaUsed(own)).isEqualTo(2);
	}

	@Test
	void shouldNotLetAnotherAccountReadOrTakeOverAReportThroughItsRequestId() throws Exception {
		TestAccount owner = createAccount(100, 600);
		TestAccount other = createAccount(100, 600);
		String model = served("slow-");
		String body = "{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model);
		String clientId = "shared-" + UUID.randomUUID();
		HttpResponse<String> asked = post(owner, "/v1/analysis/performance", body, "X-Request-Id", clientId, "Prefer",
				"wait=0");
		String id = json(asked).get("id").asString();

		// The other account sends the owner's client id, then the report id itself.
		HttpResponse<String> sameClientId = post(other, "/v1/analysis/performance", body, "X-Request-Id", clientId,
				"Prefer", "wait=0");
		HttpResponse<String> sameReportId = post(other, "/v1/analysis/performance", body, "X-Request-Id", id, "Prefer",
				"wait=0");

		assertThat(asked.statusCode()).isEqualTo(202);
		assertThat(json(sameClientId).get("id").asString()).isNotIn(id, clientId);
		assertThat(json(sameReportId).get("id").asString()).isNotEqualTo(id);
		assertThat(get(other, "/v1/analysis/" + id).statusCode()).isEqualTo(404);
		assertThat(get(other, "/v1/analysis/" + clientId).statusCode()).isEqualTo(404);
		assertThat(get(owner, "/v1/analysis/" + id).statusCode()).isEqualTo(202);
		this.reports.putById(report(id, model, "1h", "## Summary\nThe owner's."), Duration.ofMinutes(5));
		HttpResponse<String> done = get(owner, "/v1/analysis/" + id);
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(json(done).get("report").asString()).isEqualTo("## Summary\nThe owner's.");
		assertThat(get(other, "/v1/analysis/" + id).statusCode()).isEqualTo(404);
	}

	private void cache(String model, String window, String text) {
		AnalysisWindow parsed = AnalysisWindow.parse(window).orElseThrow();
		Instant now = Instant.now();
		// This minute's bucket and the next one, in case the request crosses a minute
		// boundary.
		for (Instant at : List.of(now, now.plus(ReportCacheKey.BUCKET))) {
			this.reports.put(ReportCacheKey.of(model, parsed, null, at), report("", model, window, text),
					Duration.ofMinutes(5));
		}
	}

	private static AnalysisReport report(String id, String model, String window, String text) {
		return new AnalysisReport(AnalysisReport.SCHEMA_VERSION, id, model, window, AnalysisReport.SOURCE_GEMINI, false,
				Instant.now(), text, JsonNodeFactory.instance.objectNode().put("count", 42));
	}

	private Map<TopicPartition, Long> requestOffsets() {
		try (KafkaConsumer<String, AnalysisRequest> consumer = requestConsumer()) {
			return consumer.endOffsets(requestPartitions());
		}
	}

	private List<AnalysisRequest> requestsSince(Map<TopicPartition, Long> offsets) {
		return requestRecordsSince(offsets).stream().map(ConsumerRecord::value).toList();
	}

	private ConsumerRecord<String, AnalysisRequest> requestRecordOf(String model, Map<TopicPartition, Long> offsets) {
		return requestRecordsSince(offsets).stream()
			.filter((record) -> record.value().model().equals(model))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No analysis request for " + model + " on Kafka"));
	}

	private List<ConsumerRecord<String, AnalysisRequest>> requestRecordsSince(Map<TopicPartition, Long> offsets) {
		List<ConsumerRecord<String, AnalysisRequest>> requests = new ArrayList<>();
		try (KafkaConsumer<String, AnalysisRequest> consumer = requestConsumer()) {
			Map<TopicPartition, Long> end = consumer.endOffsets(requestPartitions());
			consumer.assign(requestPartitions());
			offsets.forEach(consumer::seek);
			while (requestPartitions().stream().anyMatch((p) -> consumer.position(p) < end.get(p))) {
				for (ConsumerRecord<String, AnalysisRequest> record : consumer.poll(Duration.ofMillis(200))) {
					requests.add(record);
				}
			}
		}
		return requests;
	}

	private static List<TopicPartition> requestPartitions() {
		return IntStream.range(0, 3).mapToObj((p) -> new TopicPartition(Topics.ANALYSIS_REQUESTS.name(), p)).toList();
	}

	private static KafkaConsumer<String, AnalysisRequest> requestConsumer() {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				Topics.ANALYSIS_REQUESTS.keySerde().deserializer(),
				Topics.ANALYSIS_REQUESTS.valueSerde().deserializer());
	}

	private HttpResponse<String> post(String body) {
		try {
			return post("/v1/analysis/performance", body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
		return post(account, path, body, headers);
	}

	private HttpResponse<String> post(TestAccount caller, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + caller.apiKey())
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return get(account, path);
	}

	private HttpResponse<String> get(TestAccount caller, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Authorization", "Bearer " + caller.apiKey())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private long quotaUsed(TestAccount caller) throws Exception {
		return json(get(caller, "/v1/account")).get("quotaUsed").asLong();
	}

	private String served(String prefix) {
		return AnnouncedModels.announce(prefix, this.catalog);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return PipelineJson.mapper().readTree(response.body());
	}

}
