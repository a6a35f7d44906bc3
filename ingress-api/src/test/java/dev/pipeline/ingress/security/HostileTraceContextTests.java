package dev.pipeline.ingress.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.RawHttp;
import dev.pipeline.ingress.TestWorker.Received;
import dev.pipeline.ingress.reply.ReplyChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's trace context is a claim, not an instruction: a {@code traceparent} that is
 * malformed, oversized or not ASCII is ignored and the request is served in a trace of
 * the ingress's own, which is the one its Kafka record carries and its log lines show; a
 * hostile {@code tracestate} beside a valid parent neither fails the request nor breaks
 * the trace, and never reaches the request's Kafka record: a state over the 512
 * characters every hop continues is dropped at the edge, as the workers drop it. Sent
 * over a raw socket, as a client library refuses some of these values.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileTraceContextTests extends PredictionPathTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	private final Logger channelLog = (Logger) LoggerFactory.getLogger(ReplyChannel.class);

	private Level levelBefore;

	private RawHttp raw;

	@BeforeEach
	void logEachSend() {
		this.raw = new RawHttp(this.port);
		this.levelBefore = this.channelLog.getLevel();
		this.channelLog.setLevel(Level.DEBUG);
	}

	@AfterEach
	void restoreLogLevel() {
		this.channelLog.setLevel(this.levelBefore);
	}

	static Stream<Arguments> hostileTraceparents() {
		return Stream.of(Arguments.of("not W3C at all", "not-a-traceparent"), Arguments.of("empty", ""),
				Arguments.of("an unknown version", "ff-" + TRACE_ID + "-00f067aa0ba902b7-01"),
				Arguments.of("an all-zero trace id", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"),
				Arguments.of("upper-case hex", PARENT.toUpperCase(Locale.ROOT)),
				Arguments.of("truncated", PARENT.substring(0, 40)),
				// Under the container's 8 KB limit of the request head.
				Arguments.of("6 KB", PARENT + "-0".repeat(3_000)),
				Arguments.of("non-ASCII", latin1Of("00-ü" + TRACE_ID.substring(1) + "-00f067aa0ba902b7-01")),
				Arguments.of("Latin-1, not UTF-8", "00-\u00e9\u00ff" + TRACE_ID.substring(2) + "-00f067aa0ba902b7-01"));
	}

	@ParameterizedTest(name = "traceparent {0}")
	@MethodSource("hostileTraceparents")
	void shouldPredictInATraceOfItsOwn(String description, String traceparent, CapturedOutput output) {
		RawHttp.Response response = predict("traceparent", traceparent);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String id = PipelineJson.mapper().readTree(response.body()).path("id").asString();
		String traceId = traceIdOnKafka(id);
		assertThat(traceparent).as("a trace of the ingress's own").doesNotContainIgnoringCase(traceId);
		assertThat(output.getOut()).as("the log line of the send")
			.containsPattern("\\[" + traceId + "-[0-9a-f]{16}-" + id + "\\].*Request " + id + " sent to");
		if (traceparent.length() > 200) {
			assertThat(output.getOut()).as("an oversized header is never logged")
				.doesNotContain(traceparent.substring(100, 200));
		}
	}

	@ParameterizedTest(name = "traceparent {0}")
	@MethodSource("hostileTraceparents")
	void shouldAcceptAJobInATraceOfItsOwn(String description, String traceparent) {
		RawHttp.Response response = this.raw.send("POST", "/v1/models/sentiment/jobs", "{\"inputs\": [\"good\"]}",
				"Authorization", "Bearer " + this.account.apiKey(), "traceparent", traceparent);

		assertThat(response.status()).as(response.toString()).isEqualTo(202);
		String id = PipelineJson.mapper().readTree(response.body()).path("id").asString();
		assertThat(traceparent).doesNotContainIgnoringCase(traceIdOnKafka(id));
	}

	static Stream<Arguments> hostileTracestates() {
		// Well-formed: 32 members (the most a trace state has) of 128 characters each.
		String wellFormed = IntStream.range(0, 32)
			.mapToObj(i -> "k" + String.format("%02d", i) + "=" + "v".repeat(124))
			.collect(Collectors.joining(","));
		return Stream.of(Arguments.of("of 4 KB, well-formed", wellFormed),
				Arguments.of("of 6 KB, malformed", "=".repeat(6_000)),
				Arguments.of("non-ASCII", latin1Of("vendor=välue,other=ünïcode")), Arguments.of("with 33 members",
						IntStream.range(0, 33).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","))));
	}

	@ParameterizedTest(name = "tracestate {0}")
	@MethodSource("hostileTracestates")
	void shouldContinueAValidParentWhateverItsTraceState(String description, String tracestate) {
		RawHttp.Response response = predict("traceparent", PARENT, "tracestate", tracestate);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String id = PipelineJson.mapper().readTree(response.body()).path("id").asString();
		assertThat(traceIdOnKafka(id)).as("the client's trace, continued").isEqualTo(TRACE_ID);
		assertThat(worker.received(id).tracestate()).as("tracestate of the request on Kafka").isNull();
	}

	@ParameterizedTest(name = "tracestate of {0} characters")
	@ValueSource(ints = { 5, 512 })
	void shouldCarryAWellFormedTraceStateUpToTheLimitOntoTheRecord(int length) {
		String tracestate = traceStateOf(length);
		RawHttp.Response response = predict("traceparent", PARENT, "tracestate", tracestate);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String id = PipelineJson.mapper().readTree(response.body()).path("id").asString();
		assertThat(traceIdOnKafka(id)).isEqualTo(TRACE_ID);
		assertThat(worker.received(id).tracestate()).as("tracestate of the request on Kafka").isEqualTo(tracestate);
	}

	@Test
	void shouldDropAWellFormedTraceStateOverTheLimitAndContinueTheTrace() {
		RawHttp.Response response = predict("traceparent", PARENT, "tracestate", traceStateOf(513));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		String id = PipelineJson.mapper().readTree(response.body()).path("id").asString();
		assertThat(traceIdOnKafka(id)).as("the client's trace, continued").isEqualTo(TRACE_ID);
		assertThat(worker.received(id).tracestate()).as("tracestate of the request on Kafka").isNull();
	}

	@Test
	void shouldRefuseATraceparentOverTheHeaderLimitAsAnyOversizedHeader() {
		RawHttp.Response response = predict("traceparent", PARENT + "-0".repeat(5_000));

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	private RawHttp.Response predict(String... headers) {
		String[] all = Stream
			.concat(Stream.of("Authorization", "Bearer " + this.account.apiKey(), "Prefer", "wait=10"),
					Stream.of(headers))
			.toArray(String[]::new);
		return this.raw.send("POST", "/v1/models/sentiment/predict", "{\"inputs\": [\"good\"]}", all);
	}

	/**
	 * The trace id of the request's record on Kafka, as the worker read it, after
	 * checking the record's traceparent is W3C's.
	 */
	private static String traceIdOnKafka(String id) {
		Received received = await().atMost(Duration.ofSeconds(30)).until(() -> worker.received(id), (r) -> r != null);
		String traceparent = received.traceparent();
		assertThat(traceparent).as("traceparent of the request on Kafka")
			.isNotNull()
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		String traceId = traceparent.substring(3, 35);
		assertThat(traceId).isNotEqualTo("0".repeat(32));
		return traceId;
	}

	/**
	 * A well-formed trace state of exactly {@code length} characters, of members of at
	 * most 128 ({@code k00=vvv...}, {@code k01=...}).
	 */
	private static String traceStateOf(int length) {
		StringBuilder state = new StringBuilder();
		for (int i = 0; state.length() < length; i++) {
			if (i > 0) {
				state.append(',');
			}
			String key = "k" + String.format("%02d", i) + "=";
			int room = length - state.length() - key.length();
			state.append(key).append("v".repeat(Math.max(1, Math.min(room, 124))));
		}
		assertThat(state).hasSize(length);
		return state.toString();
	}

	/** The UTF-8 bytes of {@code text}, one char each, as {@link RawHttp} writes them. */
	private static String latin1Of(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

}
