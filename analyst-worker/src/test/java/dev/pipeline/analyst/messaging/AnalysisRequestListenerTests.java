package dev.pipeline.analyst.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.analyst.AnalystIntegrationTest;
import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ReplyAddress;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analyst seen from Kafka only: a request in, a report out where the requester waits.
 */
class AnalysisRequestListenerTests extends AnalystIntegrationTest {

	static final int REPLY_PARTITION = 2;

	@Test
	void shouldReplyOnTheRequestedPartitionWithTheCorrelationId() {
		String model = "kafka-" + UUID.randomUUID();
		AnalysisRequest request = request(model);
		byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(),
				request.id(), request);
		record.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.ANALYSIS_REPORTS.name().getBytes(StandardCharsets.UTF_8))
			.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(REPLY_PARTITION).array())
			.add(PipelineHeaders.CORRELATION_ID, correlation);

		send(record);

		ConsumerRecord<String, AnalysisReport> reply = awaitReport(
				new TopicPartition(Topics.ANALYSIS_REPORTS.name(), REPLY_PARTITION), request.id());
		assertThat(reply.value().model()).isEqualTo(model);
		assertThat(reply.value().source()).isEqualTo(AnalysisReport.SOURCE_GEMINI);
		Header header = reply.headers().lastHeader(PipelineHeaders.CORRELATION_ID);
		assertThat(header).isNotNull();
		assertThat(header.value()).isEqualTo(correlation);
	}

	@Test
	void shouldPublishTheReportOfARequestWithoutReplyHeadersKeyedByItsId() {
		AnalysisRequest request = request("kafka-" + UUID.randomUUID());

		send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), request.id(), request));

		List<TopicPartition> all = new ArrayList<>();
		for (int p = 0; p < 3; p++) {
			all.add(new TopicPartition(Topics.ANALYSIS_REPORTS.name(), p));
		}
		ConsumerRecord<String, AnalysisReport> report = awaitReport(all, request.id());
		assertThat(report.value().id()).isEqualTo(request.id());
		assertThat(report.headers().lastHeader(PipelineHeaders.CORRELATION_ID)).isNull();
	}

	@Test
	void shouldNotReplyOnATopicThatIsNotAReplyTopic() {
		AnalysisRequest request = request("kafka-" + UUID.randomUUID());
		ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(),
				request.id(), request);
		record.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.INFERENCE_RESULTS.name().getBytes(StandardCharsets.UTF_8))
			.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(999).array());

		send(record);

		List<TopicPartition> reports = new ArrayList<>();
		for (int p = 0; p < 3; p++) {
			reports.add(new TopicPartition(Topics.ANALYSIS_REPORTS.name(), p));
		}
		assertThat(awaitReport(reports, request.id()).value().id()).isEqualTo(request.id());
		// The reply would have been sent before the report above: it is not there.
		try (KafkaConsumer<String, String> results = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer())) {
			List<TopicPartition> partitions = results.partitionsFor(Topics.INFERENCE_RESULTS.name())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			results.assign(partitions);
			results.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = results.endOffsets(partitions);
			List<String> keys = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				results.poll(Duration.ofMillis(200)).forEach((result) -> keys.add(result.key()));
				return partitions.stream().allMatch((partition) -> results.position(partition) >= end.get(partition));
			});
			assertThat(keys).doesNotContain(request.id());
		}
	}

	@Test
	void shouldNotReplyOnAPartitionTheReplyTopicDoesNotHave() {
		AnalysisRequest request = request("kafka-" + UUID.randomUUID());
		ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(),
				request.id(), request);
		record.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.ANALYSIS_REPORTS.name().getBytes(StandardCharsets.UTF_8))
			.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(999).array())
			.add(PipelineHeaders.CORRELATION_ID, new byte[] { 1, 2, 3 });

		send(record);

		// Only the report, keyed by its id: no reply carrying the correlation id.
		ConsumerRecord<String, AnalysisReport> report = awaitReport(allReportPartitions(), request.id());
		assertThat(report.headers().lastHeader(PipelineHeaders.CORRELATION_ID)).isNull();
	}

	@Test
	void shouldNotReplyWithAnOversizedCorrelationId() {
		AnalysisRequest request = request("kafka-" + UUID.randomUUID());
		ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(),
				request.id(), request);
		record.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.ANALYSIS_REPORTS.name().getBytes(StandardCharsets.UTF_8))
			.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(REPLY_PARTITION).array())
			.add(PipelineHeaders.CORRELATION_ID, new byte[ReplyAddress.MAX_CORRELATION_ID_BYTES + 1]);

		send(record);

		ConsumerRecord<String, AnalysisReport> report = awaitReport(allReportPartitions(), request.id());
		assertThat(report.headers().lastHeader(PipelineHeaders.CORRELATION_ID)).isNull();
	}

	private static List<TopicPartition> allReportPartitions() {
		List<TopicPartition> all = new ArrayList<>();
		for (int p = 0; p < 3; p++) {
			all.add(new TopicPartition(Topics.ANALYSIS_REPORTS.name(), p));
		}
		return all;
	}

	private static AnalysisRequest request(String model) {
		return new AnalysisRequest(AnalysisRequest.SCHEMA_VERSION, UUID.randomUUID().toString(), model, "15m", null,
				Instant.now(), null);
	}

	private static void send(ProducerRecord<String, AnalysisRequest> record) {
		try (KafkaProducer<String, AnalysisRequest> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
				Topics.ANALYSIS_REQUESTS.keySerde().serializer(), Topics.ANALYSIS_REQUESTS.valueSerde().serializer())) {
			producer.send(record);
		}
	}

	private static ConsumerRecord<String, AnalysisReport> awaitReport(TopicPartition partition, String id) {
		return awaitReport(List.of(partition), id);
	}

	private static ConsumerRecord<String, AnalysisReport> awaitReport(List<TopicPartition> partitions, String id) {
		try (KafkaConsumer<String, AnalysisReport> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				Topics.ANALYSIS_REPORTS.keySerde().deserializer(),
				Topics.ANALYSIS_REPORTS.valueSerde().deserializer())) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, AnalysisReport>> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (id.equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

}
