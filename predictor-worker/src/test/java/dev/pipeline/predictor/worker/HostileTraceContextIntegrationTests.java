package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A direct producer's trace context is a claim, not an instruction: a {@code traceparent}
 * that is malformed, oversized or not ASCII is ignored and the request is answered in a
 * trace of its own, and a {@code tracestate} of any shape never travels on with the
 * result beyond what the W3C asks a tracer to carry (512 characters), so it cannot eat
 * the room a result has on Kafka. None of it fails the request or sends it to the
 * dead-letter topic, and no log line shows the header's value as a trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileTraceContextIntegrationTests extends WorkerIntegrationTest {

	private static final Duration PROMPTLY = Duration.ofSeconds(30);

	/** A well-formed parent, for the cases where only the trace state is hostile. */
	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	/** The W3C's bound on what a tracer must carry on of a {@code tracestate}. */
	private static final int TRACESTATE_CARRIED = 512;

	@RegisterExtension
	final ListenerLogAtDebug listenerLog = new ListenerLogAtDebug();

	static Stream<Arguments> hostileTraceparents() {
		return Stream.of(Arguments.of("not W3C at all", utf8("not-a-traceparent")), Arguments.of("empty", new byte[0]),
				Arguments.of("an unknown version", utf8("ff-" + TRACE_ID + "-00f067aa0ba902b7-01")),
				Arguments.of("an all-zero trace id", utf8("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")),
				Arguments.of("an all-zero span id", utf8("00-" + TRACE_ID + "-" + "0".repeat(16) + "-01")),
				Arguments.of("upper-case hex", utf8(PARENT.toUpperCase(Locale.ROOT))),
				Arguments.of("truncated", utf8(PARENT.substring(0, 40))),
				Arguments.of("10 KB", utf8("00-" + TRACE_ID + "-00f067aa0ba902b7-01" + "-0".repeat(5_000))),
				Arguments.of("10 KB of hex", utf8("00-" + "ab".repeat(5_000))),
				Arguments.of("non-ASCII", utf8("00-ü" + TRACE_ID.substring(1) + "-00f067aa0ba902b7-01")),
				Arguments.of("not UTF-8", new byte[] { (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28 }),
				Arguments.of("a line break", utf8("00-" + TRACE_ID + "\n-00f067aa0ba902b7-01")));
	}

	@ParameterizedTest(name = "traceparent {0}")
	@MethodSource("hostileTraceparents")
	void shouldAnswerInATraceOfItsOwn(String description, byte[] traceparent, CapturedOutput output) throws Exception {
		String id = newId();
		ProducerRecord<String, byte[]> request = kalman(id);
		request.headers().add(PipelineHeaders.TRACEPARENT, traceparent);

		ConsumerRecord<String, byte[]> result = answer(request);

		String traceId = traceIdOf(result);
		String sent = new String(traceparent, StandardCharsets.UTF_8);
		assertThat(sent).as("a trace of the worker's own").doesNotContainIgnoringCase(traceId);
		assertThat(output.getOut()).as("the log line of the answer")
			.containsPattern("\\[" + traceId + "-[0-9a-f]{16}-" + id + "\\].*Answered request " + id);
		if (sent.length() > 200) {
			assertThat(output.getOut()).as("an oversized header is never logged")
				.doesNotContain(sent.substring(100, 200));
		}
	}

	@ParameterizedTest(name = "a second traceparent, {0}, after a valid one")
	@MethodSource("hostileTraceparents")
	void shouldReadOnlyTheLastTraceparent(String description, byte[] traceparent) throws Exception {
		String id = newId();
		ProducerRecord<String, byte[]> request = kalman(id);
		request.headers().add(PipelineHeaders.TRACEPARENT, utf8(PARENT));
		request.headers().add(PipelineHeaders.TRACEPARENT, traceparent);

		assertThat(traceIdOf(answer(request))).isNotEqualTo(TRACE_ID);
	}

	static Stream<Arguments> hostileTracestates() {
		// 32 members (the most a trace state has) of 60-character keys and 256-character
		// values: well-formed, and 10 KB.
		String tenKilobytes = IntStream.range(0, 32)
			.mapToObj(i -> "k" + String.format("%02d", i) + "x".repeat(57) + "=" + "v".repeat(256))
			.collect(Collectors.joining(","));
		return Stream.of(Arguments.of("of 10 KB, well-formed", utf8(tenKilobytes)),
				Arguments.of("of 10 KB, malformed", utf8("=".repeat(10_000))),
				Arguments.of("non-ASCII", utf8("vendor=välue,other=ünïcode")),
				Arguments.of("not UTF-8", new byte[] { (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28 }),
				Arguments.of("with 33 members",
						utf8(IntStream.range(0, 33).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(",")))));
	}

	@ParameterizedTest(name = "tracestate {0}")
	@MethodSource("hostileTracestates")
	void shouldContinueTheTraceButCarryOnNoOversizedState(String description, byte[] tracestate) throws Exception {
		String id = newId();
		ProducerRecord<String, byte[]> request = kalman(id);
		request.headers().add(PipelineHeaders.TRACEPARENT, utf8(PARENT));
		request.headers().add("tracestate", tracestate);

		ConsumerRecord<String, byte[]> result = answer(request);

		assertThat(traceIdOf(result)).as("the request's trace, continued").isEqualTo(TRACE_ID);
		Header state = result.headers().lastHeader("tracestate");
		if (state != null) {
			assertThat(state.value().length).as("tracestate carried on with the result")
				.isLessThanOrEqualTo(TRACESTATE_CARRIED);
		}
	}

	/**
	 * Sends the request; returns its result, after checking that it succeeded, that the
	 * poll was committed and that nothing went to the dead-letter topic.
	 */
	private static ConsumerRecord<String, byte[]> answer(ProducerRecord<String, byte[]> request) throws Exception {
		RecordMetadata sent = send(request);
		ConsumerRecord<String, byte[]> result = awaitRecord(Topics.INFERENCE_RESULTS.name(), request.key(), PROMPTLY);
		assertThat(read(result).status()).isEqualTo(ResultStatus.SUCCEEDED);
		awaitHandled(sent, PROMPTLY);
		assertThat(recordsNow(Topics.INFERENCE_REQUESTS_DLQ.name(), request.key())).isEmpty();
		return result;
	}

	/** The trace id the result carries, after checking its traceparent is W3C's. */
	private static String traceIdOf(ConsumerRecord<String, byte[]> result) {
		@Nullable Header header = result.headers().lastHeader(PipelineHeaders.TRACEPARENT);
		assertThat(header).as("traceparent of the result").isNotNull();
		String traceparent = new String(header.value(), StandardCharsets.UTF_8);
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
		String traceId = traceparent.substring(3, 35);
		assertThat(traceId).isNotEqualTo("0".repeat(32));
		return traceId;
	}

	private static ProducerRecord<String, byte[]> kalman(String id) {
		return new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), id,
				utf8("{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[[1,2,3]]}"));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
