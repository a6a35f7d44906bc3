package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestReaderTests {

	@Test
	void shouldReadAMinimalRequest() {
		RequestReader.Read read = read("{\"id\":\"r1\",\"model\":\"sentiment\",\"inputs\":[\"good\"]}");

		assertThat(read).isInstanceOfSatisfying(RequestReader.Readable.class, readable -> {
			assertThat(readable.request().id()).isEqualTo("r1");
			assertThat(readable.request().inputs()).hasSize(1);
			assertThat(readable.request().parameters()).isEmpty();
			assertThat(readable.request().deadline()).isNull();
		});
	}

	@Test
	void shouldDeadLetterWhatIsNotJson() {
		assertThat(read("{not json")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(RequestReader.read(null)).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("[1,2]")).isInstanceOf(RequestReader.Unreadable.class);
	}

	@Test
	void shouldDeadLetterARequestWithoutAUsableId() {
		assertThat(read("{\"model\":\"sentiment\",\"inputs\":[\"x\"]}")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("{\"id\":\"  \",\"model\":\"sentiment\"}")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("{\"id\":42,\"model\":\"sentiment\"}")).isInstanceOf(RequestReader.Unreadable.class);
	}

	@Test
	void shouldFailAMalformedRequestThatHasAnId() {
		assertThat(read("{\"id\":\"r2\",\"model\":\"sentiment\",\"inputs\":\"not a list\"}"))
			.isInstanceOfSatisfying(RequestReader.Invalid.class, invalid -> {
				assertThat(invalid.request().id()).isEqualTo("r2");
				assertThat(invalid.request().model()).isEqualTo("sentiment");
				assertThat(invalid.error().code()).isEqualTo("INVALID_REQUEST");
			});
		assertThat(read("{\"id\":\"r3\",\"inputs\":[\"x\"]}")).isInstanceOf(RequestReader.Invalid.class);
		assertThat(read("{\"id\":\"r4\",\"model\":\"kalman\",\"inputs\":[[1]],\"parameters\":{\"processNoise\":null}}"))
			.isInstanceOf(RequestReader.Invalid.class);
		assertThat(read("{\"id\":\"r5\",\"model\":\"kalman\",\"inputs\":[[1]],\"deadline\":\"soon\"}"))
			.isInstanceOf(RequestReader.Invalid.class);
	}

	@Test
	void shouldAddressTheReplyToTheRequestedTopicPartitionWithTheCorrelationId() {
		RecordHeaders headers = new RecordHeaders();
		headers.add(PipelineHeaders.REPLY_TOPIC, "inference.replies".getBytes(StandardCharsets.UTF_8));
		headers.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(2).array());
		headers.add(PipelineHeaders.CORRELATION_ID, new byte[] { 9, 8, 7 });

		ProducerRecord<String, byte[]> reply = ResultPublisher.reply("r1", new byte[] { 1 }, headers);

		assertThat(reply).isNotNull();
		assertThat(reply.topic()).isEqualTo("inference.replies");
		assertThat(reply.partition()).isEqualTo(2);
		assertThat(reply.key()).isEqualTo("r1");
		assertThat(reply.headers().lastHeader(PipelineHeaders.CORRELATION_ID).value()).containsExactly(9, 8, 7);
		assertThat(ResultPublisher.reply("r1", new byte[] { 1 }, new RecordHeaders())).isNull();
	}

	private static RequestReader.Read read(String json) {
		return RequestReader.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
