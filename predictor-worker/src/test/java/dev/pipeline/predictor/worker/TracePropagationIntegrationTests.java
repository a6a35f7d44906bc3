package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request of a poll is answered in its own trace: its result and its reply carry
 * the trace id of the request's {@code traceparent} (as a child of the span that sent
 * it), and the worker's log line for it shows that trace id with the request id.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracePropagationIntegrationTests extends WorkerIntegrationTest {

	private static final int REQUESTS = 8;

	@RegisterExtension
	final ListenerLogAtDebug listenerLog = new ListenerLogAtDebug();

	@Test
	void shouldAnswerEachRequestOfABatchInItsOwnTrace(CapturedOutput output) throws Exception {
		List<String> ids = new ArrayList<>();
		List<Traceparent> parents = new ArrayList<>();
		List<RecordMetadata> sent = new ArrayList<>();
		// One partition and one flush, so the worker takes them in one poll and they
		// share
		// batches of the model.
		List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			String id = newId();
			Traceparent parent = Traceparent.random();
			ProducerRecord<String, byte[]> request = new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), 0, id,
					("{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[[1,2,3]]}")
						.getBytes(StandardCharsets.UTF_8));
			request.headers().add(PipelineHeaders.TRACEPARENT, parent.header().getBytes(StandardCharsets.UTF_8));
			request.headers()
				.add(PipelineHeaders.REPLY_TOPIC, Topics.INFERENCE_REPLIES.name().getBytes(StandardCharsets.UTF_8));
			request.headers().add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(0).array());
			sends.add(producer.send(request));
			ids.add(id);
			parents.add(parent);
		}
		producer.flush();
		for (var send : sends) {
			sent.add(send.get(10, TimeUnit.SECONDS));
		}

		for (int i = 0; i < REQUESTS; i++) {
			Traceparent parent = parents.get(i);
			ConsumerRecord<String, byte[]> result = awaitRecord(Topics.INFERENCE_RESULTS.name(), ids.get(i));
			ConsumerRecord<String, byte[]> reply = awaitRecord(Topics.INFERENCE_REPLIES.name(), ids.get(i));
			assertThat(read(result).status()).isEqualTo(ResultStatus.SUCCEEDED);
			for (ConsumerRecord<String, byte[]> answer : List.of(result, reply)) {
				Traceparent carried = Traceparent.of(answer);
				assertThat(carried.traceId()).as("trace of %s on %s", ids.get(i), answer.topic())
					.isEqualTo(parent.traceId());
				assertThat(carried.spanId()).as("a span of the worker's, not the sender's")
					.isNotEqualTo(parent.spanId());
			}
			assertThat(output.getOut()).containsPattern(
					"\\[" + parent.traceId() + "-[0-9a-f]{16}-" + ids.get(i) + "\\].*Answered request " + ids.get(i));
		}
	}

	@Test
	void shouldStartATraceForARequestThatCarriesNone() throws Exception {
		String id = newId();
		send(id, "{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[[4,5]]}");

		Traceparent carried = Traceparent.of(awaitRecord(Topics.INFERENCE_RESULTS.name(), id));

		assertThat(carried.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
	}

	/** A W3C trace context: {@code 00-<trace id>-<parent span id>-<flags>}. */
	record Traceparent(String traceId, String spanId) {

		static Traceparent random() {
			HexFormat hex = HexFormat.of();
			byte[] trace = new byte[16];
			byte[] span = new byte[8];
			ThreadLocalRandom.current().nextBytes(trace);
			ThreadLocalRandom.current().nextBytes(span);
			return new Traceparent(hex.formatHex(trace), hex.formatHex(span));
		}

		static Traceparent of(ConsumerRecord<?, ?> record) {
			Header header = record.headers().lastHeader(PipelineHeaders.TRACEPARENT);
			assertThat(header).as("traceparent of %s on %s", record.key(), record.topic()).isNotNull();
			String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("-");
			assertThat(parts).hasSize(4);
			return new Traceparent(parts[1], parts[2]);
		}

		String header() {
			return "00-" + this.traceId + "-" + this.spanId + "-01";
		}

	}

}
