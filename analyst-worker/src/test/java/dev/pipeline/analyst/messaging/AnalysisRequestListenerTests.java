package dev.pipeline.analyst.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analyst seen from Kafka only: a request in, a report out where the requester waits.
 */
class AnalysisRequestListenerTests extends AnalystIntegrationTest {

	static final int REPLY_PARTITION = 2;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldAnalyseTheRequestsOfOnePartitionConcurrently() {
		// Every Gemini call waits until four calls wait at once, and a client gives up on
		// a
		// call after its 2 s request timeout and retries. So only four analyses running
		// side
		// by side each get Gemini's report with one call; one at a time, the first would
		// time out, call again and fall back to the rule-based report.
		gemini.holdUntilWaiting(4);
		List<AnalysisRequest> requests = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			requests.add(request("concurrent-" + UUID.randomUUID()));
		}

		sendTogether(0, requests);

		Map<String, ConsumerRecord<String, AnalysisReport>> reports = awaitReports(allReportPartitions(),
				requests.stream().map(AnalysisRequest::id).toList());
		assertThat(reports.values())
			.allSatisfy((report) -> assertThat(report.value().source()).isEqualTo(AnalysisReport.SOURCE_GEMINI));
		assertThat(gemini.calls()).hasSize(4);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.meters.get("analyst.analyses.in-flight").gauge().value()).isZero());
	}

	@Test
	void shouldSkipAnUnreadableRequestAndAnswerTheRestOfItsPoll() {
		AnalysisRequest request = request("kafka-" + UUID.randomUUID());
		byte[] readable = Topics.ANALYSIS_REQUESTS.valueSerde()
			.serializer()
			.serialize(Topics.ANALYSIS_REQUESTS.name(), request);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ProducerConfig.LINGER_MS_CONFIG, 60_000),
				new StringSerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), 1, "unreadable",
					"{not json".getBytes(StandardCharsets.UTF_8)));
			producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), 1, request.id(), readable));
			producer.flush();
		}

		assertThat(awaitReport(allReportPartitions(), request.id()).value().model()).isEqualTo(request.model());
	}

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
	void shouldAnswerEachRequestOfAPollInItsOwnTrace() {
		Map<String, String> traces = new LinkedHashMap<>();
		try (KafkaProducer<String, AnalysisRequest> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ProducerConfig.LINGER_MS_CONFIG, 60_000),
				Topics.ANALYSIS_REQUESTS.keySerde().serializer(), Topics.ANALYSIS_REQUESTS.valueSerde().serializer())) {
			for (int i = 0; i < 3; i++) {
				AnalysisRequest request = request("traced-" + UUID.randomUUID());
				String traceId = UUID.randomUUID().toString().replace("-", "");
				ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(),
						1, request.id(), request);
				record.headers()
					.add(PipelineHeaders.TRACEPARENT,
							("00-" + traceId + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
				producer.send(record);
				traces.put(request.id(), traceId);
			}
			producer.flush();
		}

		Map<String, ConsumerRecord<String, AnalysisReport>> reports = awaitReports(allReportPartitions(),
				List.copyOf(traces.keySet()));

		traces.forEach((id, traceId) -> {
			Header traceparent = reports.get(id).headers().lastHeader(PipelineHeaders.TRACEPARENT);
			assertThat(traceparent).as("traceparent of report %s", id).isNotNull();
			assertThat(new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1]).isEqualTo(traceId);
		});
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

	/**
	 * Sends the requests in one producer batch to one partition, so the analyst gets them
	 * in one poll.
	 */
	private static void sendTogether(int partition, List<AnalysisRequest> requests) {
		try (KafkaProducer<String, AnalysisRequest> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ProducerConfig.LINGER_MS_CONFIG, 60_000),
				Topics.ANALYSIS_REQUESTS.keySerde().serializer(), Topics.ANALYSIS_REQUESTS.valueSerde().serializer())) {
			requests.forEach((request) -> producer
				.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), partition, request.id(), request)));
			producer.flush();
		}
	}

	private static ConsumerRecord<String, AnalysisReport> awaitReport(TopicPartition partition, String id) {
		return awaitReport(List.of(partition), id);
	}

	private static ConsumerRecord<String, AnalysisReport> awaitReport(List<TopicPartition> partitions, String id) {
		return awaitReports(partitions, List.of(id)).get(id);
	}

	/** The first report of each id, once every id has one. */
	private static Map<String, ConsumerRecord<String, AnalysisReport>> awaitReports(List<TopicPartition> partitions,
			List<String> ids) {
		try (KafkaConsumer<String, AnalysisReport> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				Topics.ANALYSIS_REPORTS.keySerde().deserializer(),
				Topics.ANALYSIS_REPORTS.valueSerde().deserializer())) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<String, ConsumerRecord<String, AnalysisReport>> found = new LinkedHashMap<>();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (ids.contains(record.key())) {
						found.putIfAbsent(record.key(), record);
					}
				});
				return found.size() == ids.size();
			});
			return found;
		}
	}

}
