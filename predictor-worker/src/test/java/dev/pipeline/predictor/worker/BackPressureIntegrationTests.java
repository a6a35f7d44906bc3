package dev.pipeline.predictor.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.predictor.kalman.KalmanModel;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.model.ServedModel;
import dev.pipeline.servers.TopicProvisioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker when inference is slower than the listener may wait: a model held shut by a
 * gate, a send timeout of one second, a queue of two instances. Unlike the other
 * integration tests this one needs its own context (its own model repository and
 * settings), so it reads topics of its own (behind a {@code pipeline.topics.prefix}) in
 * its own consumer group, leaving the shared context's listener alone, and closes its
 * context afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
		"spring.main.allow-bean-definition-overriding=true",
		"spring.kafka.consumer.group-id=" + BackPressureIntegrationTests.GROUP,
		"spring.kafka.consumer.properties.interceptor.classes=dev.pipeline.predictor.worker.BackPressureIntegrationTests$Deliveries",
		"spring.kafka.listener.concurrency=1", "pipeline.topics.prefix=" + BackPressureIntegrationTests.PREFIX,
		"predictor.topics.send-timeout=1s", "predictor.models.batch-runners=1", "predictor.models.queue-capacity=2" })
@DirtiesContext
class BackPressureIntegrationTests extends WorkerIntegrationTest {

	static final String GROUP = "predictor-back-pressure";

	static final String PREFIX = "back-pressure.";

	static final String TOPIC = PREFIX + Topics.INFERENCE_REQUESTS.name();

	static final String RESULTS = PREFIX + Topics.INFERENCE_RESULTS.name();

	/**
	 * Every test sends series of its own values, so the counts of one never mix with
	 * another's.
	 */
	private static final AtomicInteger nextValue = new AtomicInteger();

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	/** Its topics exist before the worker starts, as the local stack makes them. */
	@BeforeAll
	static void createTheTopicsBehindThePrefix() {
		TopicProvisioner.ensureTopics(servers.kafkaBootstrapServers(), new TopicNames(PREFIX), 3, 1);
	}

	@BeforeEach
	void closeTheGate() {
		GatedModel.gate.set(new CountDownLatch(1));
	}

	@Test
	void shouldComputeQueuedRequestsOnceWhenTheirPollIsRetried() throws Exception {
		List<Integer> values = values(5);
		List<String> ids = new ArrayList<>();
		RecordMetadata last = null;
		String key = newId();
		for (int value : values) {
			String id = newId();
			ids.add(id);
			last = sendTo(key, id, value);
		}

		// The model stays shut for three deliveries of the poll, each given up after the
		// send timeout.
		await().atMost(Duration.ofSeconds(60)).until(() -> Deliveries.of(key) >= 3 * values.size());
		GatedModel.open();

		for (String id : ids) {
			assertThat(awaitResult(RESULTS, id).status()).isEqualTo(ResultStatus.SUCCEEDED);
		}
		awaitCommitted(last);
		// The first request was inside the model when its poll was given up: that
		// computation could not be called back. The others waited in the queue, and each
		// abandoned copy of them was withdrawn before a batch took it.
		assertThat(GatedModel.computations(values.get(0))).isBetween(1, 2);
		for (int value : values.subList(1, values.size())) {
			assertThat(GatedModel.computations(value)).as("computations of series [%d]", value).isEqualTo(1);
		}
	}

	@Test
	void shouldPauseTheConsumerWhileTheQueueIsFullAndSkipNothing() throws Exception {
		List<Integer> values = values(8);
		List<String> ids = new ArrayList<>();
		RecordMetadata last = null;
		String key = newId();
		for (int value : values.subList(0, 4)) {
			String id = newId();
			ids.add(id);
			last = sendTo(key, id, value);
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> container().isPauseRequested());
		for (int value : values.subList(4, values.size())) {
			String id = newId();
			ids.add(id);
			last = sendTo(key, id, value);
		}
		GatedModel.open();

		for (String id : ids) {
			assertThat(awaitResult(RESULTS, id).status()).isEqualTo(ResultStatus.SUCCEEDED);
		}
		awaitCommitted(last);
		await().atMost(Duration.ofSeconds(30)).until(() -> !container().isPauseRequested());
		assertThat(Deliveries.of(key)).isGreaterThanOrEqualTo(values.size());
	}

	@Test
	void shouldPublishNothingOfAPollGivenUpAndEachResultOnceAfterTheRetry() throws Exception {
		List<Integer> values = values(2);
		GatedModel.ungated.add(values.get(0));
		String key = newId();
		String first = newId();
		String second = newId();
		// Both requests in one poll: sent in one producer batch, they reach the listener
		// in one fetch.
		producer.send(request(key, first, values.get(0)));
		Future<RecordMetadata> sent = producer.send(request(key, second, values.get(1)));
		producer.flush();
		RecordMetadata last = sent.get(10, TimeUnit.SECONDS);

		// The first request's result is written at once; the second waits at the gate
		// past the send timeout, so the poll is given up and delivered again, twice.
		await().atMost(Duration.ofSeconds(60)).until(() -> Deliveries.of(key) >= 3 * values.size());
		assertThat(recordsNow(RESULTS, first, false)).as("results written").isNotEmpty();
		assertThat(recordsNow(RESULTS, first)).as("results committed").isEmpty();
		GatedModel.open();

		awaitCommitted(last);
		for (String id : List.of(first, second)) {
			List<ConsumerRecord<String, byte[]>> committed = recordsNow(RESULTS, id);
			assertThat(committed).as("committed results of %s", id).hasSize(1);
			assertThat(read(committed.get(0)).status()).isEqualTo(ResultStatus.SUCCEEDED);
		}
	}

	@Test
	void shouldUseOnlyTheTopicsBehindItsPrefix() throws Exception {
		int value = values(1).get(0);
		GatedModel.ungated.add(value);
		String id = newId();
		String replies = PREFIX + Topics.INFERENCE_REPLIES.name();
		ProducerRecord<String, byte[]> request = request(id, id, value);
		request.headers().add(PipelineHeaders.REPLY_TOPIC, replies.getBytes(StandardCharsets.UTF_8));
		request.headers().add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(0).array());
		send(request);

		assertThat(awaitResult(RESULTS, id).status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(read(awaitRecord(replies, id)).status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(awaitRecord(PREFIX + Topics.INFERENCE_MODELS.name(), "gated").value()).isNotEmpty();
		assertThat(recordsNow(Topics.INFERENCE_RESULTS.name(), id)).as("results on the unprefixed topic").isEmpty();
	}

	private org.springframework.kafka.listener.MessageListenerContainer container() {
		return this.listeners.getListenerContainer("inference-requests");
	}

	private static List<Integer> values(int count) {
		List<Integer> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			values.add(nextValue.incrementAndGet());
		}
		return values;
	}

	/**
	 * One request of one series {@code [value]}, keyed so all of a test land on one
	 * partition.
	 */
	private static RecordMetadata sendTo(String key, String id, int value) throws Exception {
		return send(request(key, id, value));
	}

	private static ProducerRecord<String, byte[]> request(String key, String id, int value) {
		String json = "{\"id\":\"" + id + "\",\"model\":\"gated\",\"inputs\":[[" + value + "]]}";
		return new ProducerRecord<>(TOPIC, key, json.getBytes(StandardCharsets.UTF_8));
	}

	/** The worker committed past this record: all results up to it were acknowledged. */
	private static void awaitCommitted(RecordMetadata request) {
		TopicPartition partition = new TopicPartition(request.topic(), request.partition());
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS)
					.get(partition);
				return committed != null && committed.offset() > request.offset();
			});
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GatedRepository {

		/**
		 * Replaces the worker's repository: one model, {@code gated}, a Kalman filter
		 * behind a gate.
		 */
		@Bean(destroyMethod = "close")
		ModelRepository modelRepository() throws IOException {
			Path root = Files.createTempDirectory("gated-models");
			Path version = Files.createDirectories(root.resolve("gated").resolve("1"));
			Files.writeString(version.resolve("config.json"), """
					{"backend": "builtin-kalman", "inputKind": "number-series", "maxBatchSize": 1, "maxBatchWaitMs": 0,
					 "parameters": {"processNoise": 1e-5, "measurementNoise": 0.01, "initialError": 1.0}}
					""");
			return ModelRepository.load(root, (dir, config) -> new GatedModel(new KalmanModel(config)));
		}

	}

	/**
	 * Counts each series it is asked to compute, then waits for the gate unless every
	 * series of the batch is {@link #ungated}.
	 */
	static final class GatedModel implements ServedModel {

		static final AtomicReference<CountDownLatch> gate = new AtomicReference<>(new CountDownLatch(1));

		/** Values whose series are computed without waiting for the gate. */
		static final Set<Integer> ungated = ConcurrentHashMap.newKeySet();

		private static final Map<Integer, AtomicInteger> computations = new ConcurrentHashMap<>();

		private final ServedModel model;

		GatedModel(ServedModel model) {
			this.model = model;
		}

		static void open() {
			gate.get().countDown();
		}

		static int computations(int value) {
			AtomicInteger count = computations.get(value);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public ModelConfig config() {
			return this.model.config();
		}

		@Override
		public List<JsonNode> predict(List<ModelInput> batch) throws Exception {
			for (ModelInput input : batch) {
				computations.computeIfAbsent(input.instance().get(0).intValue(), value -> new AtomicInteger())
					.incrementAndGet();
			}
			if (!batch.stream().allMatch(input -> ungated.contains(input.instance().get(0).intValue()))) {
				gate.get().await(60, TimeUnit.SECONDS);
			}
			return this.model.predict(batch);
		}

	}

	/** Counts the records the worker's consumer received, per key (re-deliveries too). */
	public static final class Deliveries implements ConsumerInterceptor<String, byte[]> {

		private static final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();

		static int of(String key) {
			AtomicInteger count = byKey.get(key);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public ConsumerRecords<String, byte[]> onConsume(ConsumerRecords<String, byte[]> records) {
			for (ConsumerRecord<String, byte[]> record : records) {
				if (record.key() != null) {
					byKey.computeIfAbsent(record.key(), key -> new AtomicInteger()).incrementAndGet();
				}
			}
			return records;
		}

		@Override
		public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
		}

		@Override
		public void close() {
		}

		@Override
		public void configure(Map<String, ?> configs) {
		}

	}

}
