package dev.pipeline.benchmark.target;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A direct producer, as API.md describes one: a minimal InferenceRequest written to
 * {@code inference.requests} keyed by its id, and the InferenceResult with the same key
 * read from {@code inference.results}. No ingress, no HTTP: what this adds over the
 * in-process baseline is Kafka and the worker alone.
 */
public final class KafkaDirect implements AutoCloseable {

	/** The harness's own client settings, written into the results. */
	public static final Map<String, Object> PRODUCER_SETTINGS = Map.of(ProducerConfig.ACKS_CONFIG, "all",
			ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0);

	public static final Map<String, Object> CONSUMER_SETTINGS = Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1,
			ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
			// What a correct client reads: results are written in transactions
			// (docs/kafka-contract.md).
			ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

	private final KafkaProducer<String, InferenceRequest> producer;

	private final KafkaConsumer<String, InferenceResult> consumer;

	private final Map<String, CompletableFuture<InferenceResult>> waiting = new ConcurrentHashMap<>();

	private final Thread reader;

	private volatile boolean running = true;

	private final TopicNames topics;

	private KafkaDirect(String bootstrapServers, TopicNames topics) {
		this.topics = topics;
		Properties producerProps = new Properties();
		producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		producerProps.putAll(PRODUCER_SETTINGS);
		this.producer = new KafkaProducer<>(producerProps, Topics.INFERENCE_REQUESTS.keySerde().serializer(),
				Topics.INFERENCE_REQUESTS.valueSerde().serializer());
		Properties consumerProps = new Properties();
		consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProps.putAll(CONSUMER_SETTINGS);
		this.consumer = new KafkaConsumer<>(consumerProps, Topics.INFERENCE_RESULTS.keySerde().deserializer(),
				Topics.INFERENCE_RESULTS.valueSerde().deserializer());
		this.reader = new Thread(this::readResults, "kafka-direct-results");
		this.reader.setDaemon(true);
	}

	/**
	 * Connects and positions the results reader at the end before the first request is
	 * sent.
	 */
	public static KafkaDirect connect(String bootstrapServers, TopicNames topics) {
		KafkaDirect direct = new KafkaDirect(bootstrapServers, topics);
		List<TopicPartition> partitions = direct.consumer.partitionsFor(topics.of(Topics.INFERENCE_RESULTS))
			.stream()
			.map(info -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		direct.consumer.assign(partitions);
		direct.consumer.seekToEnd(partitions);
		// Resolves the lazy seek now, so no result of ours can arrive before our
		// position.
		partitions.forEach(direct.consumer::position);
		direct.reader.start();
		return direct;
	}

	/**
	 * @param modelVersion the version the request pins ({@code modelVersion});
	 * {@code null} for the model's default
	 */
	public Operation sentiment(Workload workload, @Nullable String modelVersion) {
		return () -> {
			String id = UUID.randomUUID().toString();
			JsonNode text = JsonNodeFactory.instance.stringNode(workload.nextText());
			InferenceRequest request = new InferenceRequest(InferenceRequest.SCHEMA_VERSION, id, "sentiment",
					modelVersion, null, List.of(text), Map.of(), Instant.now(), null);
			InferenceResult answer = submit(request).get(60, TimeUnit.SECONDS);
			if (answer.status() != ResultStatus.SUCCEEDED) {
				throw new IllegalStateException("Request " + id + " ended " + answer.status() + ": " + answer.error());
			}
			return 1;
		};
	}

	/**
	 * Writes the request, keyed by its id, and returns once Kafka acknowledged it (all
	 * in-sync replicas): from then on the request is accepted. The future completes with
	 * the first result of that id this reader sees; a caller that gives up waiting
	 * cancels it.
	 * @throws Exception if Kafka did not acknowledge the record
	 */
	public CompletableFuture<InferenceResult> submit(InferenceRequest request) throws Exception {
		CompletableFuture<InferenceResult> result = new CompletableFuture<>();
		result.whenComplete((answer, failure) -> this.waiting.remove(request.id()));
		this.waiting.put(request.id(), result);
		try {
			this.producer.send(new ProducerRecord<>(this.topics.of(Topics.INFERENCE_REQUESTS), request.id(), request))
				.get();
		}
		catch (Exception ex) {
			result.cancel(false);
			throw ex;
		}
		return result;
	}

	private void readResults() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, InferenceResult> record : this.consumer.poll(Duration.ofMillis(200))) {
					CompletableFuture<InferenceResult> waiter = (record.key() != null) ? this.waiting.get(record.key())
							: null;
					if (waiter != null && record.value() != null) {
						waiter.complete(record.value());
					}
				}
			}
		}
		catch (WakeupException ex) {
			// close() wakes the reader up to stop it.
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.reader.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close(Duration.ofSeconds(5));
	}

}
