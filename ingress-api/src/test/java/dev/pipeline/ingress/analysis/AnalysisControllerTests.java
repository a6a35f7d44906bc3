package dev.pipeline.ingress.analysis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.IngressIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisControllerTests extends IngressIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(AnalysisControllerTests.class);

	static StandInAnalyst analyst;

	final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@BeforeAll
	static void startStandInAnalyst() {
		analyst = new StandInAnalyst(servers.kafkaBootstrapServers());
	}

	@AfterAll
	static void stopStandInAnalyst() throws InterruptedException {
		analyst.close();
	}

	@Test
	void shouldServeACachedReportWithoutTouchingKafka() throws Exception {
		String model = "cached-" + UUID.randomUUID();
		cache(model, "1h", "## Summary\nFrom the cache.");
		Map<TopicPartition, Long> before = requestOffsets();

		HttpResponse<String> response = post("/v1/analysis/performance", "{\"model\": \"%s\", \"window\": \"60m\"}"
			.formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("cached").asBoolean()).isTrue();
		assertThat(body.get("source").asString()).isEqualTo("gemini");
		assertThat(body.get("report").asString()).isEqualTo("## Summary\nFrom the cache.");
		assertThat(body.get("metrics").get("count").asLong()).isEqualTo(42);
		assertThat(body.get("id").asString()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		// The ingress answers a miss only after Kafka acknowledged the request, so by now any
		// request it sent is in the log.
		assertThat(requestsSince(before)).noneMatch((request) -> request.model().equals(model));
	}

	@Test
	void shouldAnswerTheCompatibilityRouteLikeItsTwin() throws Exception {
		String model = "cached-" + UUID.randomUUID();
		cache(model, "1h", "## Summary\nTwin.");

		HttpResponse<String> response = post("/analyze/performance", "{\"model\": \"%s\", \"window\": \"1h\"}"
			.formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("report").asString()).isEqualTo("## Summary\nTwin.");
	}

	@Test
	void shouldAskTheAnalystOverKafkaOnAMiss() throws Exception {
		String model = StandInAnalyst.ANSWERED_PREFIX + UUID.randomUUID();

		HttpResponse<String> response = post("/v1/analysis/performance", "{\"model\": \"%s\", \"window\": \"15m\"}"
			.formatted(model));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json(response);
		assertThat(body.get("cached").asBoolean()).isFalse();
		assertThat(body.get("model").asString()).isEqualTo(model);
		assertThat(body.get("window").asString()).isEqualTo("15m");
		assertThat(body.get("report").asString()).isEqualTo("## Performance report: " + model);
	}

	@Test
	void shouldAnswer202WithAPollLocationWhenTheReportTakesLonger() throws Exception {
		String model = "slow-" + UUID.randomUUID();

		HttpResponse<String> accepted = post("/v1/analysis/performance",
				"{\"model\": \"%s\", \"window\": \"1h\"}".formatted(model), "Prefer", "wait=1");

		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = json(accepted).get("id").asString();
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(location).isEqualTo("/v1/analysis/" + id);
		assertThat(json(accepted).get("status").asString()).isEqualTo("PENDING");
		assertThat(get(location).statusCode()).isEqualTo(202);

		// The analyst keeps every report by request id when it is done.
		AnalysisReport late = report(id, model, "1h", "## Summary\nLate but here.");
		this.redis.opsForValue().set(ReportCacheKey.byIdKey(id), PipelineJson.mapper().writeValueAsString(late));

		HttpResponse<String> done = get(location);
		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(json(done).get("report").asString()).isEqualTo("## Summary\nLate but here.");
	}

	@Test
	void shouldNotFindAnUnknownReport() throws Exception {
		HttpResponse<String> response = get("/v1/analysis/" + UUID.randomUUID());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void shouldMeasureCachedResponseLatency() throws Exception {
		String model = "cached-" + UUID.randomUUID();
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
		log.info("Cached POST /v1/analysis/performance over {} sequential requests: p50 {} us, p90 {} us, p99 {} us, max {} us",
				n, micros[n / 2], micros[n * 90 / 100], micros[n * 99 / 100], micros[n - 1]);
	}

	@Test
	void shouldRejectAMissingModel() throws Exception {
		HttpResponse<String> response = post("/v1/analysis/performance", "{\"window\": \"1h\"}");

		assertThat(response.statusCode()).isEqualTo(422);
		JsonNode problem = json(response);
		assertThat(problem.get("type").asString()).isEqualTo("urn:pipeline:problem:invalid-input");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("model");
	}

	@Test
	void shouldRejectAnUnknownWindowFormat() throws Exception {
		HttpResponse<String> response = post("/analyze/performance",
				"{\"model\": \"sentiment\", \"window\": \"one hour\"}");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(json(response).get("errors").get(0).get("field").asString()).isEqualTo("window");
	}

	@Test
	void shouldRejectMalformedJson() throws Exception {
		assertThat(post("/v1/analysis/performance", "{\"model\": ").statusCode()).isEqualTo(400);
	}

	private void cache(String model, String window, String text) {
		AnalysisWindow parsed = AnalysisWindow.parse(window).orElseThrow();
		Instant now = Instant.now();
		// This minute's bucket and the next one, in case the request crosses a minute boundary.
		for (Instant at : List.of(now, now.plus(ReportCacheKey.BUCKET))) {
			this.redis.opsForValue()
				.set(ReportCacheKey.of(model, parsed, null, at).redisKey(),
						PipelineJson.mapper().writeValueAsString(report("", model, window, text)), Duration.ofMinutes(5));
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
		List<AnalysisRequest> requests = new ArrayList<>();
		try (KafkaConsumer<String, AnalysisRequest> consumer = requestConsumer()) {
			Map<TopicPartition, Long> end = consumer.endOffsets(requestPartitions());
			consumer.assign(requestPartitions());
			offsets.forEach(consumer::seek);
			while (requestPartitions().stream().anyMatch((p) -> consumer.position(p) < end.get(p))) {
				for (ConsumerRecord<String, AnalysisRequest> record : consumer.poll(Duration.ofMillis(200))) {
					requests.add(record.value());
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
				Topics.ANALYSIS_REQUESTS.keySerde().deserializer(), Topics.ANALYSIS_REQUESTS.valueSerde().deserializer());
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
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return PipelineJson.mapper().readTree(response.body());
	}

}
