package dev.pipeline.aggregator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.Topics;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the aggregator's integration tests: the real application against the shared
 * Kafka and PostgreSQL of this test JVM. Keep the configuration identical in subclasses
 * so Spring reuses one context. Tests isolate themselves by their own model names and
 * ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class AggregatorIntegrationTest {

	protected static final SharedTestServers servers = SharedTestServers.get();

	@DynamicPropertySource
	static void pointAtSharedServers(DynamicPropertyRegistry registry) {
		servers.springProperties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("spring.kafka.streams.state-dir", AggregatorIntegrationTest::freshStateDir);
		// Short windows, grace and alert delay so a test closes windows within seconds
		// (grace still covers the event-time disorder of results merged from several
		// partitions under load).
		registry.add("aggregator.windows.size", () -> "2s");
		registry.add("aggregator.windows.grace", () -> "3s");
		registry.add("aggregator.windows.alert-after", () -> "3s");
		registry.add("aggregator.thresholds.reload-interval", () -> "200ms");
	}

	private static String freshStateDir() {
		try {
			return Files.createTempDirectory("aggregator-streams").toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static KafkaProducer<String, InferenceResult> resultProducer() {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
				Topics.INFERENCE_RESULTS.keySerde().serializer(), Topics.INFERENCE_RESULTS.valueSerde().serializer());
	}

	protected static void send(KafkaProducer<String, InferenceResult> producer, InferenceResult result) {
		producer.send(new ProducerRecord<>(Topics.INFERENCE_RESULTS.name(), null, result.completedAt().toEpochMilli(),
				result.id(), result));
	}

	protected static InferenceResult result(String id, String model, String account, ResultStatus status,
			Instant submittedAt, double latencyMs, List<JsonNode> outputs) {
		Instant completedAt = submittedAt.plusNanos((long) (latencyMs * 1_000_000));
		return new InferenceResult(1, id, model, "1", account, status,
				status == ResultStatus.SUCCEEDED ? outputs : null, null, submittedAt, completedAt,
				new Timings(latencyMs / 2, latencyMs / 2, 4));
	}

	/** A producer of raw bytes, for records no well-behaved serializer would write. */
	protected static KafkaProducer<String, byte[]> rawProducer() {
		return new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000),
				new StringSerializer(), new ByteArraySerializer());
	}

	protected static byte[] json(Object value) {
		return PipelineJson.mapper().writeValueAsBytes(value);
	}

	protected static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Awaits a record for each key on a topic (read from its beginning) and returns them
	 * by key (the last one of each key).
	 */
	protected static Map<String, ConsumerRecord<String, byte[]>> awaitRecords(String topic, Collection<String> keys) {
		Map<String, ConsumerRecord<String, byte[]>> found = new LinkedHashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (keys.contains(record.key())) {
						found.put(record.key(), record);
					}
				}
				return found.keySet().containsAll(keys);
			});
		}
		return found;
	}

	/** The reason a dead-lettered record carries, asserted present and readable. */
	protected static String reasonOf(ConsumerRecord<String, byte[]> deadLetter) {
		Header reason = deadLetter.headers().lastHeader(PipelineHeaders.DLQ_REASON);
		assertThat(reason).as("the %s header of %s", PipelineHeaders.DLQ_REASON, deadLetter.key()).isNotNull();
		return new String(reason.value(), StandardCharsets.UTF_8);
	}

}
