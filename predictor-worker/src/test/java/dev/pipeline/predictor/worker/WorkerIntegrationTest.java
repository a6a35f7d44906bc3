package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.Topics;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Base of the worker's integration tests: the real application, with the real model
 * repository, against the shared Kafka broker of this test JVM. Requests go in as plain
 * Kafka records and results are read back as a direct producer must read them, with
 * {@code isolation.level=read_committed} (docs/kafka-contract.md). Keep the configuration
 * identical in subclasses so Spring reuses one context (one listener in the worker's
 * group); tests isolate themselves by their own ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class WorkerIntegrationTest {

	/**
	 * The worker's producer accepts records up to this size here, a quarter of Kafka's
	 * default, so a result within the request limits can be too large to publish.
	 */
	static final int MAX_REQUEST_SIZE = 256 * 1024;

	/** The consumer group of the worker (application.yml). */
	static final String WORKER_GROUP = "predictor-worker";

	static final SharedTestServers servers = SharedTestServers.get();

	static KafkaProducer<String, byte[]> producer;

	@DynamicPropertySource
	static void pointAtSharedServers(DynamicPropertyRegistry registry) {
		servers.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		// Surefire runs in the module folder; the repository is at the project root.
		registry.add("predictor.models.repository", () -> "../models");
		registry.add("spring.kafka.producer.properties.max.request.size", () -> MAX_REQUEST_SIZE);
	}

	@BeforeAll
	static void startProducer() {
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	@AfterAll
	static void stopProducer() {
		producer.close();
	}

	static String newId() {
		return UUID.randomUUID().toString();
	}

	static RecordMetadata send(String key, String json) throws Exception {
		return send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), key, json.getBytes(StandardCharsets.UTF_8)));
	}

	static RecordMetadata send(ProducerRecord<String, byte[]> record) throws Exception {
		return producer.send(record).get(10, TimeUnit.SECONDS);
	}

	static InferenceResult awaitResult(String topic, String id) {
		return read(awaitRecord(topic, id));
	}

	static InferenceResult read(ConsumerRecord<String, byte[]> record) {
		return PipelineJson.mapper().readValue(record.value(), InferenceResult.class);
	}

	static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key) {
		return awaitRecord(topic, key, Duration.ofSeconds(60));
	}

	/** Reads the topic from the beginning until a record with this key shows up. */
	static ConsumerRecord<String, byte[]> awaitRecord(String topic, String key, Duration atMost) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(true)) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> {
					if (key.equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	/**
	 * Every record with this key that the topic holds now, read from the beginning to its
	 * end.
	 */
	static List<ConsumerRecord<String, byte[]>> recordsNow(String topic, String key) {
		return recordsNow(topic, key, true);
	}

	/**
	 * Every record with this key that the topic holds now; with {@code committedOnly}
	 * false also those of open and aborted transactions.
	 */
	static List<ConsumerRecord<String, byte[]>> recordsNow(String topic, String key, boolean committedOnly) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(committedOnly)) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> {
					if (key.equals(record.key())) {
						found.add(record);
					}
				});
				return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
			});
			return found;
		}
	}

	/**
	 * Waits until the worker committed the request's offset: every copy of its result has
	 * been acknowledged by Kafka then, and the request will not be handled again.
	 */
	static void awaitHandled(RecordMetadata request, Duration atMost) {
		TopicPartition partition = new TopicPartition(request.topic(), request.partition());
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
				OffsetAndMetadata committed = admin.listConsumerGroupOffsets(WORKER_GROUP)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS)
					.get(partition);
				return committed != null && committed.offset() > request.offset();
			});
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(boolean committedOnly) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
				committedOnly ? "read_committed" : "read_uncommitted"));
	}

	private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
		List<TopicPartition> partitions = new ArrayList<>();
		consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
		return partitions;
	}

}
