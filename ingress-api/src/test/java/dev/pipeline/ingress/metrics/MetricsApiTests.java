package dev.pipeline.ingress.metrics;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestRestClients;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The metrics API over rows as the aggregator writes them into the shared PostgreSQL.
 * Each test uses its own model name.
 */
class MetricsApiTests extends IngressIntegrationTest {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Value("${local.server.port}")
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MetricsReports reports;

	@Autowired
	MetricsWindowQueries windows;

	private RestClient client;

	private String model;

	@BeforeEach
	void setUp() {
		// The admin sees every account's traffic and may set thresholds.
		this.client = TestRestClients.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeader("X-Admin-Token", ADMIN_TOKEN)
			.build();
		this.model = "metrics-api-" + UUID.randomUUID();
	}

	@Test
	void shouldMergeWindowsIntoStepBucketsWithPercentilesFromMergedHistograms() {
		window("MODEL", "*", "1", T0, 100, 0, 10, "{\"positive\": 100}");
		window("MODEL", "*", "2", T0.plusSeconds(60), 100, 0, 1000, "{\"positive\": 60, \"negative\": 40}");
		window("MODEL", "*", "1", T0.plusSeconds(120), 50, 2, 20, "{}");

		Reply reply = get(
				"/v1/metrics?model=" + this.model + "&from=" + T0 + "&to=" + T0.plusSeconds(240) + "&step=2m");

		assertThat(reply.status()).isEqualTo(200);
		JsonNode points = reply.body().get("points");
		assertThat(points).hasSize(2);
		JsonNode first = points.get(0);
		assertThat(first.get("count").asLong()).isEqualTo(200);
		assertThat(first.get("latencyMs").get("p50").asDouble()).isCloseTo(10, within(0.1));
		// Averaging the two windows' p95 (10 and 1000) would give ~505; the merged
		// histogram says ~1000.
		assertThat(first.get("latencyMs").get("p95").asDouble()).isCloseTo(1000, within(10.0));
		assertThat(first.get("labelCounts").get("positive").asLong()).isEqualTo(160);
		assertThat(first.get("labelCounts").get("negative").asLong()).isEqualTo(40);
		JsonNode second = points.get(1);
		assertThat(second.get("count").asLong()).isEqualTo(50);
		assertThat(second.get("errors").asLong()).isEqualTo(2);
		assertThat(second.get("from").asString()).isEqualTo(T0.plusSeconds(120).toString());
		assertThat(reply.body().get("scope").asString()).isEqualTo("all");
	}

	@Test
	void shouldSummarizeOnlyTheRecentWindowAndCountEverything() {
		Instant recent = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(300);
		window("MODEL", "*", "1", recent, 30, 3, 50, "{}");
		window("MODEL", "*", "1", recent.minusSeconds(7200), 70, 0, 50, "{}");

		Reply summary = get("/v1/metrics/summary?model=" + this.model + "&window=1h");
		Reply aggregated = post("/metrics/aggregated",
				"{\"model_name\": \"" + this.model + "\", \"time_window\": \"1h\"}");

		assertThat(summary.body().get("count").asLong()).isEqualTo(30);
		assertThat(summary.body().get("errorRate").asDouble()).isCloseTo(0.1, within(1e-9));
		assertThat(summary.body().get("latencyMs").get("p99").asDouble()).isCloseTo(50, within(0.5));
		assertThat(aggregated.status()).isEqualTo(200);
		assertThat(aggregated.body().get("count").asLong()).isEqualTo(30);
		assertThat(get("/v1/metrics/count?model=" + this.model).body().get("count").asLong()).isEqualTo(100);
		assertThat(get("/metrics/count?model=" + this.model).body().get("count").asLong()).isEqualTo(100);
	}

	@Test
	void shouldCompareTheVersionsOfAModelInTheAllTrafficWindows() {
		Instant recent = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(300);
		window("MODEL", "*", "1", recent, 30, 3, 50, "{}");
		window("MODEL", "*", "2", recent, 10, 0, 20, "{}");

		String summary = "/v1/metrics/summary?model=" + this.model + "&window=1h";
		assertThat(get(summary).body().get("count").asLong()).isEqualTo(40);
		assertThat(get(summary + "&version=1").body().get("errorRate").asDouble()).isCloseTo(0.1, within(1e-9));
		assertThat(get(summary + "&version=2").body().get("count").asLong()).isEqualTo(10);
		assertThat(get(summary + "&version=2").body().get("latencyMs").get("p99").asDouble()).isCloseTo(20,
				within(0.5));
		assertThat(get("/v1/metrics/count?model=" + this.model + "&version=1").body().get("count").asLong())
			.isEqualTo(30);
		// An account's windows sum up every version.
		assertThatThrownBy(() -> MetricsScope.of(new Caller("acct-a", false), null, "2")).isInstanceOf(ApiProblem.class)
			.satisfies(problem -> assertThat(((ApiProblem) problem).status().value()).isEqualTo(422));
	}

	@Test
	void shouldShowAnAccountOnlyItsOwnTraffic() {
		Instant recent = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120);
		window("MODEL", "*", "1", recent, 30, 0, 10, "{}");
		window("ACCOUNT", "acct-a", "*", recent, 10, 0, 10, "{}");
		window("ACCOUNT", "acct-b", "*", recent, 20, 0, 10, "{}");

		assertThat(MetricsScope.of(new Caller("acct-a", false))).isEqualTo(new MetricsScope("ACCOUNT", "acct-a"));
		assertThat(MetricsScope.of(new Caller("admin", true))).isEqualTo(MetricsScope.ALL);
		assertThat(this.reports.summary(MetricsScope.of(new Caller("acct-a", false)), this.model, null).count())
			.isEqualTo(10);
		assertThat(this.reports.count(MetricsScope.of(new Caller("acct-b", false)), this.model)).isEqualTo(20);
		assertThat(this.reports.summary(MetricsScope.ALL, this.model, null).count()).isEqualTo(30);
		// The admin may look at one account; an account may not look at another.
		assertThat(get("/v1/metrics/count?model=" + this.model + "&account=acct-b").body().get("count").asLong())
			.isEqualTo(20);
		assertThat(MetricsScope.of(new Caller("acct-a", false), "acct-a"))
			.isEqualTo(new MetricsScope("ACCOUNT", "acct-a"));
		assertThatThrownBy(() -> MetricsScope.of(new Caller("acct-a", false), "acct-b")).isInstanceOf(ApiProblem.class)
			.satisfies(problem -> assertThat(((ApiProblem) problem).status().value()).isEqualTo(403));
	}

	@Test
	void shouldStoreThresholdsFromBothRoutes() {
		Reply v1 = put("/v1/metrics/thresholds", "{\"model\": \"" + this.model
				+ "\", \"p95LatencyMs\": 250, \"maxErrorRate\": 0.05, \"minMeanConfidence\": 0.7}");
		assertThat(v1.status()).isEqualTo(200);
		assertThat(v1.body().get("p95LatencyMs").asDouble()).isEqualTo(250);

		Reply compat = put("/metrics/thresholds", "{\"model_name\": \"" + this.model
				+ "\", \"latency_threshold_ms\": 100, \"error_rate_threshold\": 0.1}");
		assertThat(compat.status()).isEqualTo(200);
		assertThat(this.jdbc.queryForMap("SELECT p95_latency_ms, max_error_rate, min_mean_confidence"
				+ " FROM metrics_thresholds WHERE model = ?", this.model))
			.containsEntry("p95_latency_ms", 100.0)
			.containsEntry("max_error_rate", 0.1)
			.containsEntry("min_mean_confidence", null);
	}

	@Test
	void shouldListAlertsNewestFirst() {
		alert("p95LatencyMs", T0, Instant.now().minusSeconds(120));
		alert("errorRate", T0.plusSeconds(60), Instant.now().minusSeconds(60));
		alert("meanConfidence", T0.plusSeconds(120), Instant.now().minusSeconds(7200));

		Reply reply = get("/v1/alerts?model=" + this.model + "&since=" + Instant.now().minusSeconds(3600));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.body().get("alerts").valueStream().map(alert -> alert.get("metric").asString()))
			.containsExactly("errorRate", "p95LatencyMs");
	}

	@Test
	void shouldPageAlertsOnceEachNewestFirstKeepingSinceAndModel() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < 5; i++) {
			alert("errorRate", T0.plusSeconds(60L * i), now.minusSeconds(600 - i));
		}
		// As old as another one: the id breaks the tie.
		alert("p95LatencyMs", T0, now.minusSeconds(598));
		Http admin = new Http(this.port, "X-Admin-Token", ADMIN_TOKEN);
		Instant since = now.minusSeconds(3600);
		String path = "/v1/alerts?model=" + this.model + "&since=" + since + "&limit=2";
		List<Instant> raised = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		int pages = 0;
		while (path != null) {
			HttpResponse<String> page = admin.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			JsonNode body = Http.json(page);
			assertThat(body.path("since").asString()).isEqualTo(since.toString());
			body.path("alerts").forEach((alert) -> {
				assertThat(ids.add(alert.path("id").asString())).as("shown once").isTrue();
				raised.add(Instant.parse(alert.path("raisedAt").asString()));
			});
			path = page.headers()
				.firstValue("Link")
				.map((link) -> link.replaceAll("^<(.*)>; rel=\"next\"$", "$1"))
				.orElse(null);
			if (path != null) {
				assertThat(path).isEqualTo("/v1/alerts?model=" + this.model + "&since=" + since + "&limit=2&cursor="
						+ body.path("next").asString());
			}
			if (++pages == 1) {
				// Raised meanwhile: the newer is before the cursor, the older after it.
				alert("meanConfidence", T0, now);
				alert("meanConfidence", T0.plusSeconds(60), now.minusSeconds(900));
			}
		}

		assertThat(ids).hasSize(7);
		assertThat(raised).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(pages).isEqualTo(4);
	}

	@Test
	void shouldNotSpendMemoryOnEmptyBuckets() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		Instant from = T0.minus(Duration.ofDays(30));
		// The finest step the range allows: 1440 points over 30 days, all of them empty.
		long before = threads.getCurrentThreadAllocatedBytes();
		MetricsReports.TimeSeries series = this.reports.series(MetricsScope.ALL, this.model, from, T0,
				Duration.ofMinutes(30));
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;

		assertThat(series.points()).hasSize(1440);
		// A latency histogram per bucket made this about 37 MB.
		assertThat(allocated).as("bytes allocated").isLessThan(8_000_000);
	}

	@Test
	void shouldMergeEveryBucketOfAFineSeriesStreamingInOrder() {
		Instant from = T0.minus(Duration.ofDays(1));
		for (int i = 0; i < 48; i++) {
			window("MODEL", "*", "1", from.plus(Duration.ofMinutes(30L * i)), i + 1, 0, 10, "{}");
			window("MODEL", "*", "2", from.plus(Duration.ofMinutes(30L * i + 1)), 1, 0, 1000, "{}");
		}

		MetricsReports.TimeSeries series = this.reports.series(MetricsScope.ALL, this.model, from, T0,
				Duration.ofMinutes(15));

		assertThat(series.points()).hasSize(96);
		for (int i = 0; i < 96; i++) {
			MetricsView point = series.points().get(i);
			assertThat(point.count()).as("point %d", i).isEqualTo((i % 2 == 0) ? i / 2 + 2 : 0);
			if (i % 2 == 0) {
				assertThat(point.latencyMs().max()).as("point %d", i).isCloseTo(1000, within(10.0));
			}
			else {
				assertThat(point.latencyMs().max()).as("point %d", i).isNull();
			}
		}
	}

	@Test
	void shouldRefuseAQueryOverMoreWindowsThanAllowed() {
		for (int i = 0; i < 3; i++) {
			window("MODEL", "*", "1", T0.plusSeconds(60L * i), 1, 0, 10, "{}");
		}
		MetricsApiProperties two = new MetricsApiProperties(Duration.ofHours(1), Duration.ofMinutes(1), 1440,
				Duration.ofDays(31), 2, Duration.ofHours(24));
		MetricsReports limited = new MetricsReports(this.windows, two);

		assertThat(limited.series(MetricsScope.ALL, this.model, T0, T0.plusSeconds(120), null).points()).hasSize(2);
		assertThatThrownBy(() -> limited.series(MetricsScope.ALL, this.model, T0, T0.plusSeconds(180), null))
			.isInstanceOfSatisfying(ApiProblem.class, (problem) -> {
				assertThat(problem.status().value()).isEqualTo(422);
				assertThat(problem.getMessage()).isEqualTo(
						"The query covers 3 aggregation windows; at most 2 are allowed. Name a model or ask for a shorter range.");
			});
	}

	private void window(String scope, String account, String version, Instant start, long count, long failed,
			long latencyMs, String labels) {
		Histogram latency = new Histogram(3_600_000_000L, 2);
		latency.recordValueWithCount(latencyMs * 1000, count - failed);
		ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
		byte[] compressed = Arrays.copyOf(buffer.array(), latency.encodeIntoCompressedByteBuffer(buffer));
		this.jdbc.update("""
				INSERT INTO metrics_windows (scope, account_id, model, model_version, window_start, window_end,
				    result_count, succeeded, failed, expired, latency_histogram, label_counts)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?::jsonb)
				""", scope, account, this.model, version, Timestamp.from(start), Timestamp.from(start.plusSeconds(60)),
				count, count - failed, failed, compressed, labels);
	}

	private void alert(String metric, Instant windowStart, Instant raisedAt) {
		this.jdbc.update("""
				INSERT INTO metrics_alerts (id, model, model_version, metric, threshold, observed, window_start,
				    window_end, raised_at) VALUES (?, ?, '1', ?, 1, 2, ?, ?, ?)
				""", UUID.randomUUID().toString(), this.model, metric, Timestamp.from(windowStart),
				Timestamp.from(windowStart.plusSeconds(60)), Timestamp.from(raisedAt));
	}

	private Reply get(String uri) {
		return this.client.get().uri(uri).exchange((request, response) -> Reply.of(response), true);
	}

	private Reply post(String uri, String json) {
		return this.client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> Reply.of(response), true);
	}

	private Reply put(String uri, String json) {
		return this.client.put()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> Reply.of(response), true);
	}

	record Reply(int status, JsonNode body) {

		static Reply of(org.springframework.http.client.ClientHttpResponse response) throws java.io.IOException {
			return new Reply(response.getStatusCode().value(),
					PipelineJson.mapper().readTree(response.getBody().readAllBytes()));
		}

	}

}
