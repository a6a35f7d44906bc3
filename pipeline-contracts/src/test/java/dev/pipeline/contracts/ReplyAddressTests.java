package dev.pipeline.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToIntFunction;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyAddressTests {

	private static final List<String> ALLOWED = List.of("inference.replies");

	private static final ToIntFunction<String> THREE_PARTITIONS = topic -> 3;

	@Test
	void shouldAddressTheReplyToTheRequestedTopicPartitionWithTheCorrelationId() {
		RecordHeaders headers = headers("inference.replies", partition(2), new byte[] { 9, 8, 7 });

		ReplyAddress.Read read = ReplyAddress.read(headers, ALLOWED, THREE_PARTITIONS);

		assertThat(read).isInstanceOfSatisfying(ReplyAddress.Addressed.class, addressed -> {
			ProducerRecord<String, byte[]> reply = addressed.address().record("r1", new byte[] { 1 });
			assertThat(reply.topic()).isEqualTo("inference.replies");
			assertThat(reply.partition()).isEqualTo(2);
			assertThat(reply.key()).isEqualTo("r1");
			assertThat(reply.headers().lastHeader(PipelineHeaders.CORRELATION_ID).value()).containsExactly(9, 8, 7);
		});
	}

	@Test
	void shouldLetKafkaChooseThePartitionWhenNoneIsNamed() {
		RecordHeaders headers = headers("inference.replies", null, new byte[] { 1 });

		assertThat(ReplyAddress.read(headers, ALLOWED, THREE_PARTITIONS)).isInstanceOfSatisfying(
				ReplyAddress.Addressed.class, addressed -> assertThat(addressed.address().partition()).isNull());
	}

	@Test
	void shouldAddNoCorrelationIdWhenTheRequestHadNone() {
		RecordHeaders headers = headers("inference.replies", partition(1), null);

		assertThat(ReplyAddress.read(headers, ALLOWED, THREE_PARTITIONS))
			.isInstanceOfSatisfying(ReplyAddress.Addressed.class, addressed -> {
				ProducerRecord<String, String> reply = addressed.address().record("r1", "report");
				assertThat(reply.partition()).isEqualTo(1);
				assertThat(reply.value()).isEqualTo("report");
				assertThat(reply.headers().lastHeader(PipelineHeaders.CORRELATION_ID)).isNull();
			});
	}

	@Test
	void shouldAskForNoReplyWithoutAReplyTopic() {
		assertThat(ReplyAddress.read(new RecordHeaders(), ALLOWED, THREE_PARTITIONS))
			.isInstanceOf(ReplyAddress.None.class);
	}

	@Test
	void shouldRefuseTopicsOutsideTheAllowList() {
		for (String topic : List.of("metrics.windows", "inference.results", "inference.requests.dlq",
				"analysis.reports", "inference.replies\u0000", "INFERENCE.REPLIES")) {
			assertThat(ReplyAddress.read(headers(topic, partition(0), null), ALLOWED, THREE_PARTITIONS)).as(topic)
				.isInstanceOf(ReplyAddress.Refused.class);
		}
		RecordHeaders malformed = new RecordHeaders();
		malformed.add(PipelineHeaders.REPLY_TOPIC, new byte[] { (byte) 0xff, (byte) 0xfe });
		assertThat(ReplyAddress.read(malformed, ALLOWED, THREE_PARTITIONS)).isInstanceOf(ReplyAddress.Refused.class);
	}

	@Test
	void shouldRefusePartitionsTheTopicDoesNotHave() {
		for (byte[] partition : List.of(partition(3), partition(999), partition(-1), new byte[] { 0, 1 },
				new byte[8])) {
			assertThat(ReplyAddress.read(headers("inference.replies", partition, null), ALLOWED, THREE_PARTITIONS))
				.isInstanceOfSatisfying(ReplyAddress.Refused.class,
						refused -> assertThat(refused.reason()).contains("partition"));
		}
	}

	@Test
	void shouldRefuseAReplyWhenThePartitionsCannotBeLearnt() {
		ToIntFunction<String> unknown = topic -> {
			throw new IllegalStateException("metadata timeout");
		};

		assertThat(ReplyAddress.read(headers("inference.replies", partition(0), null), ALLOWED, unknown))
			.isInstanceOf(ReplyAddress.Refused.class);
	}

	@Test
	void shouldRefuseAnOversizedCorrelationId() {
		RecordHeaders largest = headers("inference.replies", partition(0),
				new byte[ReplyAddress.MAX_CORRELATION_ID_BYTES]);
		RecordHeaders larger = headers("inference.replies", partition(0),
				new byte[ReplyAddress.MAX_CORRELATION_ID_BYTES + 1]);

		assertThat(ReplyAddress.read(largest, ALLOWED, THREE_PARTITIONS)).isInstanceOf(ReplyAddress.Addressed.class);
		assertThat(ReplyAddress.read(larger, ALLOWED, THREE_PARTITIONS)).isInstanceOf(ReplyAddress.Refused.class);
	}

	private static RecordHeaders headers(String topic, byte[] partition, byte[] correlationId) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(PipelineHeaders.REPLY_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
		if (partition != null) {
			headers.add(PipelineHeaders.REPLY_PARTITION, partition);
		}
		if (correlationId != null) {
			headers.add(PipelineHeaders.CORRELATION_ID, correlationId);
		}
		return headers;
	}

	private static byte[] partition(int partition) {
		return ByteBuffer.allocate(Integer.BYTES).putInt(partition).array();
	}

}
