package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.contracts.Topics;
import dev.pipeline.predictor.PredictorWorkerApplication;
import dev.pipeline.predictor.sentiment.LabelledSentence;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Request-to-result time through Kafka for the sentiment model: the real worker against the
 * test kit's broker, a plain producer and consumer as a direct client would use. Prints one
 * request at a time (latency) and a burst (throughput). Asserts nothing.
 * Usage: {@code KafkaRoundTripBenchmark <models-dir> <amazon.json>}.
 */
public final class KafkaRoundTripBenchmark {

	private static final int SEQUENTIAL = 200;

	private static final int BURST = 1000;

	public static void main(String[] args) throws Exception {
		SharedTestServers servers = SharedTestServers.get();
		Map<String, Object> properties = new HashMap<>(servers.springProperties());
		properties.put("predictor.models.repository", args[0]);
		properties.put("spring.kafka.consumer.group-id", "predictor-worker-benchmark");
		properties.put("logging.level.root", "warn");
		List<String> texts = LabelledSentence.read(Path.of(args[1])).stream().map(LabelledSentence::text).toList();
		// As command-line arguments: they override application.yml (default properties would not,
		// and the worker would join whatever broker listens on the local stack's port).
		String[] arguments = properties.entrySet()
			.stream()
			.map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(PredictorWorkerApplication.class)
			.web(WebApplicationType.NONE)
			.run(arguments);
				KafkaProducer<String, byte[]> producer = producer(servers);
				KafkaConsumer<String, byte[]> consumer = consumer(servers)) {
			Map<String, Long> arrived = new ConcurrentHashMap<>();
			// Warm-up, then one request at a time.
			roundTrip(producer, consumer, arrived, texts.subList(0, 50), 1);
			long[] latencies = roundTrip(producer, consumer, arrived, texts.subList(0, SEQUENTIAL), 1);
			Arrays.sort(latencies);
			System.out.printf(Locale.ROOT, "sequential, %d requests of 1 sentence: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
					SEQUENTIAL, latencies[SEQUENTIAL / 2] / 1e6, latencies[SEQUENTIAL * 9 / 10] / 1e6,
					latencies[SEQUENTIAL * 99 / 100] / 1e6);
			long start = System.nanoTime();
			long[] burst = roundTrip(producer, consumer, arrived, texts.subList(0, BURST), BURST);
			double seconds = (System.nanoTime() - start) / 1e9;
			Arrays.sort(burst);
			System.out.printf(Locale.ROOT,
					"burst, %d requests of 1 sentence sent at once: %.0f requests/s, p50 %.0f ms, p99 %.0f ms%n", BURST,
					BURST / seconds, burst[BURST / 2] / 1e6, burst[BURST * 99 / 100] / 1e6);
		}
		System.out.flush();
		// The test kit's broker runs non-daemon threads; its shutdown hook stops it on exit.
		System.exit(0);
	}

	/** Sends in groups of {@code inFlight} and waits for each group's results. */
	private static long[] roundTrip(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer,
			Map<String, Long> arrived, List<String> texts, int inFlight) throws Exception {
		long[] latencies = new long[texts.size()];
		for (int from = 0; from < texts.size(); from += inFlight) {
			Map<String, Integer> pending = new HashMap<>();
			Map<String, Long> sentAt = new HashMap<>();
			for (int i = from; i < Math.min(texts.size(), from + inFlight); i++) {
				String id = UUID.randomUUID().toString();
				String json = "{\"id\":\"" + id + "\",\"model\":\"sentiment\",\"inputs\":["
						+ JsonNodeFactory.instance.stringNode(texts.get(i)) + "]}";
				pending.put(id, i);
				sentAt.put(id, System.nanoTime());
				producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), id,
						json.getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (!arrived.keySet().containsAll(pending.keySet()) && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(1)).forEach(record -> arrived.putIfAbsent(record.key(), System.nanoTime()));
			}
			for (Map.Entry<String, Integer> entry : pending.entrySet()) {
				Long done = arrived.get(entry.getKey());
				latencies[entry.getValue()] = (done != null) ? done - sentAt.get(entry.getKey()) : Long.MAX_VALUE;
			}
		}
		return latencies;
	}

	private static KafkaProducer<String, byte[]> producer(SharedTestServers servers) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
				ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.LINGER_MS_CONFIG,
				0));
	}

	private static KafkaConsumer<String, byte[]> consumer(SharedTestServers servers) {
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				servers.kafkaBootstrapServers(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
		List<TopicPartition> partitions = new ArrayList<>();
		consumer.partitionsFor(Topics.INFERENCE_RESULTS.name())
			.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		consumer.poll(Duration.ZERO);
		Set.copyOf(partitions).forEach(consumer::position);
		return consumer;
	}

}
