package dev.pipeline.aggregator.window;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import dev.pipeline.aggregator.AggregatorProperties;
import dev.pipeline.aggregator.AggregatorTopics;
import dev.pipeline.aggregator.alert.AlertRule;
import dev.pipeline.aggregator.alert.Thresholds;
import dev.pipeline.contracts.Alert;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.metrics.LatencyHistogram;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class MetricsTopologyTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final String MODEL = "sentiment";

	private final AggregatorProperties properties = new AggregatorProperties(new AggregatorProperties.Topics(3),
			new AggregatorProperties.Windows(Duration.ofMinutes(1), Duration.ofSeconds(10), 0.6, Duration.ofHours(1),
					Duration.ofSeconds(2), Duration.ofSeconds(10)),
			new AggregatorProperties.Retention(Duration.ofHours(24), Duration.ofDays(30), Duration.ofMinutes(10)),
			new AggregatorProperties.Thresholds(Duration.ofSeconds(10)));

	private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private TopologyTestDriver driver;

	private String description;

	private TestInputTopic<String, InferenceResult> results;

	private TestOutputTopic<String, WindowUpdate> updates;

	private TestOutputTopic<String, Alert> alerts;

	@BeforeEach
	void startDriver() {
		start(this.properties);
	}

	/** A new driver (and fresh state) with these settings. */
	private void start(AggregatorProperties settings) {
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-topology-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
		config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
		StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
		AlertRule rule = new AlertRule(model -> MODEL.equals(model)
				? Optional.of(new Thresholds(MODEL, 100.0, 0.5, 0.7, 2)) : Optional.empty(),
				Clock.fixed(T0, ZoneOffset.UTC));
		MetricsTopology.build(builder, settings, new AggregatorTopics(TopicNames.UNPREFIXED), rule, this.meters);
		org.apache.kafka.streams.Topology topology = builder.build();
		this.description = topology.describe().toString();
		this.driver = new TopologyTestDriver(topology, config);
		this.results = this.driver.createInputTopic("inference.results", MetricsTopology.IDS.serializer(),
				MetricsTopology.RESULTS.serializer());
		this.updates = this.driver.createOutputTopic("metrics.windows", MetricsTopology.IDS.deserializer(),
				MetricsTopology.WINDOW_UPDATES.deserializer());
		this.alerts = this.driver.createOutputTopic("metrics.alerts", MetricsTopology.IDS.deserializer(),
				MetricsTopology.ALERTS.deserializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	/** The settings the application runs with when nothing is configured. */
	private void startWithDefaults() {
		this.driver.close();
		start(new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("aggregator",
				AggregatorProperties.class));
	}

	@Test
	void shouldNameEveryStepStoreAndInternalTopic() {
		// Generated names (KSTREAM-..., KTABLE-...) would change with any edit of the
		// topology.
		assertThat(this.description).doesNotContain("KSTREAM-", "KTABLE-")
			.contains(MetricsTopology.WINDOWS_STORE, MetricsTopology.SEEN_RESULTS_STORE,
					MetricsTopology.UNCHECKED_WINDOWS_STORE, MetricsTopology.RAISED_ALERTS_STORE,
					MetricsTopology.BY_METRICS_KEY + "-repartition");
	}

	@Test
	void shouldAggregateEachWindowPerModelVersionAndPerAccount() {
		pipe(succeeded("r1", "acct-a", 5, 10, "positive", 0.9));
		pipe(succeeded("r2", "acct-a", 20, 30, "negative", 0.5));
		pipe(failed("r3", null, 40));
		pipe(succeeded("r4", "acct-a", 70, 10, "positive", 0.8));

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		WindowAggregate model = latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate();
		assertThat(model.count()).isEqualTo(3);
		assertThat(model.succeeded()).isEqualTo(2);
		assertThat(model.failed()).isEqualTo(1);
		assertThat(model.labelCounts()).containsExactlyInAnyOrderEntriesOf(Map.of("positive", 1L, "negative", 1L));
		assertThat(model.meanConfidence()).isCloseTo(0.7, within(1e-9));
		assertThat(model.lowConfidenceCount()).isEqualTo(1);
		assertThat(model.batchSizeSum()).isEqualTo(12);
		assertThat(model.latency().getTotalCount()).isEqualTo(2);
		// Anonymous results count in the model scope only.
		WindowAggregate account = latest.get(key(MetricsKey.Scope.ACCOUNT, "acct-a", "*", T0)).aggregate();
		assertThat(account.count()).isEqualTo(2);
		WindowAggregate nextWindow = latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0.plusSeconds(60))).aggregate();
		assertThat(nextWindow.count()).isEqualTo(1);
	}

	@Test
	void shouldCountARedeliveredResultOnce() {
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));
		pipe(succeeded("r1", null, 6, 10, "positive", 0.9));

		WindowAggregate model = this.updates.readKeyValuesToMap()
			.get(key(MetricsKey.Scope.MODEL, "*", "1", T0))
			.aggregate();
		assertThat(model.count()).isEqualTo(1);
	}

	@Test
	void shouldCountResultsOfTwoAccountsThatShareAnIdOnceEach() {
		pipe(succeeded("r1", "acct-a", 5, 10, "positive", 0.9));
		pipe(succeeded("r1", "acct-b", 6, 10, "positive", 0.9));
		pipe(succeeded("r1", "acct-a", 7, 10, "positive", 0.9));
		pipe(succeeded("r1", null, 8, 10, "positive", 0.9));

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count()).isEqualTo(3);
		assertThat(latest.get(key(MetricsKey.Scope.ACCOUNT, "acct-a", "*", T0)).aggregate().count()).isEqualTo(1);
		assertThat(latest.get(key(MetricsKey.Scope.ACCOUNT, "acct-b", "*", T0)).aggregate().count()).isEqualTo(1);
	}

	@Test
	void shouldSkipResultsItCannotCountAndKeepCounting() {
		Instant submitted = T0.plusSeconds(5);
		// No completion time, but a submission time: its latency cannot be computed.
		pipe(new InferenceResult(1, "no-completion", MODEL, "1", null, ResultStatus.SUCCEEDED, List.of(), null,
				submitted, null, new Timings(1, 1, 1)), submitted);
		pipe(succeeded("nul-label", null, 6, 10, "posi\u0000tive", 0.9));
		pipe(succeeded("huge-label", null, 7, 10, "y".repeat(10_000), 0.9));
		pipe(result("long-model", "m".repeat(129), null, ResultStatus.FAILED, 8, 10, List.of()));
		pipe(succeeded("r1", null, 9, 10, "positive", 0.9));

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		WindowAggregate model = latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate();
		assertThat(model.count()).isEqualTo(1);
		assertThat(model.labelCounts()).containsOnlyKeys("positive");
		assertThat(latest).hasSize(1);
	}

	@Test
	void shouldCountLateResultsWithinGraceAndDropLaterOnes() {
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));
		pipe(succeeded("r2", null, 65, 10, "positive", 0.9));
		// Stream time 65 s: the first window [0, 60) is still open until 70 s.
		pipe(succeeded("late-in-grace", null, 30, 10, "positive", 0.9));
		pipe(succeeded("r3", null, 75, 10, "positive", 0.9));
		// Stream time 75 s: the first window is closed, this result is dropped.
		pipe(succeeded("too-late", null, 40, 10, "positive", 0.9));

		WindowAggregate first = this.updates.readKeyValuesToMap()
			.get(key(MetricsKey.Scope.MODEL, "*", "1", T0))
			.aggregate();
		assertThat(first.count()).isEqualTo(2);
		assertThat(late(MetricsKey.Scope.MODEL)).isEqualTo(1);
		assertThat(late(MetricsKey.Scope.ACCOUNT)).isZero();
		// The count is the one Kafka Streams keeps for the records it drops.
		assertThat(streamsDroppedRecords()).isEqualTo(1);
	}

	@Test
	void shouldCountAResultResentAfterGraceInTheWindowItReachedKafkaIn() {
		pipe(succeeded("r1", "acct-a", 5, 10, "positive", 0.9));
		pipe(succeeded("r2", "acct-a", 120, 10, "positive", 0.9));
		// Completed at 30 s, but its first send failed: the producer re-sent it at 121 s,
		// long after the window [0, 60) closed (at 70 s). It counts in the window its
		// record reached Kafka in, less what the grace allows: 121 - (10 - 2) = 113 s.
		pipe(succeeded("resent", "acct-a", 30, 10, "positive", 0.9), T0.plusSeconds(121));

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0.plusSeconds(60))).aggregate().count())
			.isEqualTo(1);
		assertThat(latest.get(key(MetricsKey.Scope.ACCOUNT, "acct-a", "*", T0.plusSeconds(60))).aggregate().count())
			.isEqualTo(1);
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count()).isEqualTo(1);
		assertThat(retimed("delivered-late")).isEqualTo(1);
		assertThat(late(MetricsKey.Scope.MODEL)).isZero();
	}

	@Test
	void shouldKeepRunningPastAResultCompletedBeyondEpochMilliseconds() {
		// Instant holds years to 1e9; epoch milliseconds overflow near year 292 million.
		// A
		// hostile result there once threw out of the timestamp extractor and stopped the
		// Streams app: every later result went uncounted and no alert was raised.
		Instant farFuture = Instant.parse("+999999999-12-31T23:59:59Z");
		InferenceResult hostile = new InferenceResult(1, "far-future", MODEL, "1", null, ResultStatus.SUCCEEDED,
				List.of(PipelineJson.mapper().createObjectNode().put("label", "positive").put("score", 0.9)), null, T0,
				farFuture, new Timings(1, 1, 4));
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));
		pipe(hostile, T0.plusSeconds(6));
		pipe(succeeded("r2", null, 10, 10, "positive", 0.9));

		// The hostile result is not countable (the sink cannot store its time) and is
		// dropped after the extractor; the one after it still counts.
		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count()).isEqualTo(2);
		assertThat(retimed("completed-in-future")).isEqualTo(1);
	}

	@Test
	void shouldNotLetAResultCompletedInTheFutureAdvanceStreamTime() {
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));
		// A writer with a wrong clock (or a hostile one) says tomorrow; its record was
		// appended at 6 s. It counts at 6 + 2 s (the allowed clock skew), not tomorrow.
		pipe(succeeded("tomorrow", null, 86_400, 10, "positive", 0.9), T0.plusSeconds(6));
		// Stream time did not jump to tomorrow: this result is not late.
		pipe(succeeded("r2", null, 10, 10, "positive", 0.9));

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count()).isEqualTo(3);
		assertThat(retimed("completed-in-future")).isEqualTo(1);
		assertThat(late(MetricsKey.Scope.MODEL)).isZero();
	}

	@Test
	void shouldExposeLateAndRetimedResultsInPrometheus() {
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));
		pipe(succeeded("r2", null, 75, 10, "positive", 0.9));
		pipe(succeeded("too-late", null, 40, 10, "positive", 0.9));
		pipe(succeeded("tomorrow", null, 86_400, 10, "positive", 0.9), T0.plusSeconds(76));

		assertThat(this.meters.scrape()).contains("aggregator_results_late_total{scope=\"model\"} 1.0",
				"aggregator_results_late_total{scope=\"account\"} 0.0",
				"aggregator_results_retimed_total{reason=\"completed-in-future\"} 1.0",
				"aggregator_results_retimed_total{reason=\"delivered-late\"} 0.0");
	}

	@Test
	void shouldDerivePercentilesFromMergedHistogramsNotFromAveragedPercentiles() {
		for (int i = 0; i < 100; i++) {
			pipe(succeeded("fast-" + i, null, 1, 10, "positive", 0.9));
			pipe(succeeded("slow-" + i, null, 61, 1000, "positive", 0.9));
		}
		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		Histogram fast = latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().latency();
		Histogram slow = latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0.plusSeconds(60))).aggregate().latency();
		assertThat(LatencyHistogram.percentileMs(fast, 95)).isCloseTo(10, within(0.1));
		assertThat(LatencyHistogram.percentileMs(slow, 95)).isCloseTo(1000, within(10.0));

		Histogram merged = LatencyHistogram.empty();
		merged.add(LatencyHistogram.decompress(LatencyHistogram.compress(fast)));
		merged.add(slow);

		assertThat(merged.getTotalCount()).isEqualTo(200);
		assertThat(LatencyHistogram.percentileMs(merged, 50)).isCloseTo(10, within(0.1));
		// Averaging the two p95s would say ~505 ms; the merged distribution says ~1000
		// ms.
		assertThat(LatencyHistogram.percentileMs(merged, 95)).isCloseTo(1000, within(10.0));
	}

	@Test
	void shouldRaiseExactlyOneAlertWhenAWindowCloses() {
		pipe(succeeded("slow-1", null, 5, 500, "positive", 0.9));
		pipe(succeeded("slow-2", null, 10, 500, "positive", 0.9));
		pipe(succeeded("slow-3", null, 65, 500, "positive", 0.9));
		assertThat(this.alerts.isEmpty()).as("no alert before the window closes").isTrue();

		// Stream time passes 70 s (end + grace): the first window closes.
		pipe(succeeded("tick-1", null, 71, 10, "positive", 0.9));
		List<Alert> raised = this.alerts.readValuesToList();
		assertThat(raised).singleElement().satisfies(alert -> {
			assertThat(alert.metric()).isEqualTo(AlertRule.P95_LATENCY);
			assertThat(alert.model()).isEqualTo(MODEL);
			assertThat(alert.modelVersion()).isEqualTo("1");
			assertThat(alert.observed()).isCloseTo(500, within(5.0));
			assertThat(alert.threshold()).isEqualTo(100.0);
			assertThat(alert.windowStart()).isEqualTo(T0);
			assertThat(alert.id()).isEqualTo(AlertRule.alertId(MODEL, "1", AlertRule.P95_LATENCY, T0));
		});

		// More traffic, duplicates and late records do not raise it again.
		pipe(succeeded("slow-1", null, 5, 500, "positive", 0.9));
		pipe(succeeded("tick-2", null, 100, 10, "positive", 0.9));
		pipe(succeeded("late", null, 20, 500, "positive", 0.9));
		// The second window closes too: one slow result of two, p95 is 500 ms: a second,
		// distinct alert.
		pipe(succeeded("tick-3", null, 200, 10, "positive", 0.9));
		List<Alert> later = this.alerts.readValuesToList();
		assertThat(later).extracting(Alert::windowStart).containsExactly(T0.plusSeconds(60));
	}

	@Test
	void shouldCountABacklogReplayedOutOfOrderAfterARestart() {
		startWithDefaults();
		// Before the kill: results of two input partitions, in order.
		pipe(succeeded("before-a", null, 2, 10, "positive", 0.9));
		pipe(succeeded("before-b", null, 3, 10, "positive", 0.9));
		// The aggregator was down from 4 s to 100 s. After the restart one task catches
		// up
		// on its partition first and moves the window step's stream time to 100 s...
		for (int second = 5; second <= 100; second += 5) {
			pipe(succeeded("a-" + second, null, second, 10, "positive", 0.9));
		}
		// ...before the other partition's backlog, appended on time but read 95 s late,
		// reaches the window step.
		for (int second = 5; second <= 100; second += 5) {
			pipe(succeeded("b-" + second, null, second, 10, "positive", 0.9));
		}

		Map<String, WindowUpdate> latest = this.updates.readKeyValuesToMap();
		// Windows = distinct results: 2 + 2 x 11 in [0, 60), 2 x 9 in [60, 120).
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count()).isEqualTo(24);
		assertThat(latest.get(key(MetricsKey.Scope.MODEL, "*", "1", T0.plusSeconds(60))).aggregate().count())
			.isEqualTo(18);
		assertThat(late(MetricsKey.Scope.MODEL)).isZero();
	}

	@Test
	void shouldAlertSoonAfterAWindowEndsAndNotAgainForItsLateResults() {
		startWithDefaults();
		pipe(succeeded("slow-1", null, 5, 500, "positive", 0.9));
		pipe(succeeded("slow-2", null, 10, 500, "positive", 0.9));
		pipe(succeeded("tick-1", null, 69, 10, "positive", 0.9));
		assertThat(this.alerts.isEmpty()).as("no alert within 10 s of the window's end").isTrue();

		// Stream time passes the window's end plus 10 s: its alert, however long the
		// grace.
		pipe(succeeded("tick-2", null, 71, 10, "positive", 0.9));
		assertThat(this.alerts.readValuesToList()).extracting(Alert::metric, Alert::windowStart)
			.containsExactly(tuple(AlertRule.P95_LATENCY, T0));

		// Late results still count in the window, and raise no second latency alert...
		pipe(succeeded("late-slow", null, 20, 500, "positive", 0.9));
		pipe(succeeded("slow-1", null, 5, 500, "positive", 0.9));
		assertThat(this.alerts.isEmpty()).isTrue();
		// ...but a breach they cause on another metric is raised, once.
		pipe(failed("late-failed-1", null, 30));
		pipe(failed("late-failed-2", null, 31));
		pipe(failed("late-failed-3", null, 32));
		pipe(failed("late-failed-4", null, 33));
		pipe(failed("late-failed-5", null, 34));
		assertThat(this.alerts.readValuesToList()).extracting(Alert::metric, Alert::windowStart)
			.containsExactly(tuple(AlertRule.ERROR_RATE, T0));
		assertThat(this.updates.readKeyValuesToMap().get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count())
			.isEqualTo(8);
	}

	@Test
	void shouldNotAlertBelowTheMinimumWindowCountOrForModelsWithoutThresholds() {
		pipe(succeeded("one-slow", null, 5, 500, "positive", 0.9));
		pipe(result("other", "other-model", null, ResultStatus.FAILED, 6, 10, List.of()));
		pipe(result("other-2", "other-model", null, ResultStatus.FAILED, 7, 10, List.of()));
		pipe(succeeded("tick", null, 200, 10, "positive", 0.9));
		pipe(result("tick-other", "other-model", null, ResultStatus.FAILED, 200, 10, List.of()));

		assertThat(this.alerts.isEmpty()).isTrue();
	}

	@Test
	void shouldSkipUnreadableRecords() {
		this.driver
			.createInputTopic("inference.results", MetricsTopology.IDS.serializer(),
					new org.apache.kafka.common.serialization.StringSerializer())
			.pipeInput("bad", "{not json");
		pipe(succeeded("r1", null, 5, 10, "positive", 0.9));

		assertThat(this.updates.readKeyValuesToMap().get(key(MetricsKey.Scope.MODEL, "*", "1", T0)).aggregate().count())
			.isEqualTo(1);
	}

	private double late(MetricsKey.Scope scope) {
		return this.meters.get("aggregator.results.late").tag("scope", scope.name().toLowerCase()).counter().count();
	}

	private double retimed(String reason) {
		return this.meters.get("aggregator.results.retimed").tag("reason", reason).counter().count();
	}

	private double streamsDroppedRecords() {
		return this.driver.metrics()
			.values()
			.stream()
			.filter(metric -> metric.metricName().name().equals("dropped-records-total"))
			.mapToDouble(metric -> ((Number) metric.metricValue()).doubleValue())
			.sum();
	}

	private void pipe(InferenceResult result) {
		pipe(result, result.completedAt());
	}

	private void pipe(InferenceResult result, Instant timestamp) {
		this.results.pipeInput(result.id(), result, timestamp);
	}

	private static String key(MetricsKey.Scope scope, String account, String version, Instant windowStart) {
		return new MetricsKey(scope, account, MODEL, version).asText() + "|" + windowStart.toEpochMilli();
	}

	private static InferenceResult succeeded(String id, String account, int completedSecond, double latencyMs,
			String label, double score) {
		JsonNode output = PipelineJson.mapper().createObjectNode().put("label", label).put("score", score);
		return result(id, MODEL, account, ResultStatus.SUCCEEDED, completedSecond, latencyMs, List.of(output));
	}

	private static InferenceResult failed(String id, String account, int completedSecond) {
		return result(id, MODEL, account, ResultStatus.FAILED, completedSecond, 1, List.of());
	}

	private static InferenceResult result(String id, String model, String account, ResultStatus status,
			int completedSecond, double latencyMs, List<JsonNode> outputs) {
		Instant completedAt = T0.plusSeconds(completedSecond);
		return new InferenceResult(1, id, model, "1", account, status,
				(status == ResultStatus.SUCCEEDED) ? outputs : null, null,
				completedAt.minusNanos((long) (latencyMs * 1_000_000)), completedAt, new Timings(1, 1, 4));
	}

}
