package dev.pipeline.ingress.model;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The models the predictor workers serve, as last announced on the compacted catalogue topic.
 * Every ingress instance reads the whole topic from the beginning with its own group-less
 * consumer (no offsets are committed: the topic is small and compacted, and every instance
 * needs all of it), keeping the latest descriptor per model; a tombstone removes a model.
 * Start-up waits (briefly) until the topic has been read to its end, so a fresh instance does
 * not answer "unknown model" for models that are already announced. The partitions are looked
 * up once at start; the topic is not expected to grow partitions.
 */
@Component
public class ModelCatalog implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

	private static final Duration POLL = Duration.ofMillis(200);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofSeconds(15);

	private final Map<String, ModelDescriptor> models = new ConcurrentHashMap<>();

	private final Map<String, Object> consumerConfig;

	private final String topic;

	private volatile @Nullable KafkaConsumer<String, String> consumer;

	private volatile @Nullable Thread reader;

	private volatile boolean running;

	private final CountDownLatch loaded = new CountDownLatch(1);

	ModelCatalog(KafkaProperties kafkaProperties, ModelCatalogProperties properties) {
		this.topic = properties.topic();
		Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingress-model-catalog-" + System.identityHashCode(this));
		this.consumerConfig = config;
	}

	public Optional<ModelDescriptor> find(String name) {
		return Optional.ofNullable(this.models.get(name));
	}

	/** Every known model, by name. */
	public List<ModelDescriptor> all() {
		Collection<ModelDescriptor> values = this.models.values();
		return values.stream().sorted(Comparator.comparing(ModelDescriptor::name)).toList();
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::readForever, "ingress-model-catalog");
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		try {
			if (!this.loaded.await(INITIAL_LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Model catalogue not loaded after {}; it fills in as the topic is read",
						INITIAL_LOAD_TIMEOUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		KafkaConsumer<String, String> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Below the web server's phases: started before it accepts requests, stopped only after
	 * graceful shutdown has drained the requests in flight.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void readForever() {
		try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(this.consumerConfig)) {
			this.consumer = kafka;
			List<TopicPartition> assignment = assignFromBeginning(kafka);
			Map<TopicPartition, Long> ends = kafka.endOffsets(assignment);
			while (this.running) {
				for (ConsumerRecord<String, String> record : kafka.poll(POLL)) {
					apply(record);
				}
				if (this.loaded.getCount() > 0 && caughtUp(kafka, ends)) {
					log.info("Model catalogue loaded: {}", this.models.keySet());
					this.loaded.countDown();
				}
			}
		}
		catch (WakeupException ex) {
			// stop() woke the consumer up: leave quietly.
		}
		catch (RuntimeException ex) {
			log.error("Model catalogue reader stopped; the catalogue is frozen", ex);
		}
	}

	private static boolean caughtUp(KafkaConsumer<String, String> kafka, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch(end -> kafka.position(end.getKey()) >= end.getValue());
	}

	private List<TopicPartition> assignFromBeginning(KafkaConsumer<String, String> kafka) {
		List<PartitionInfo> partitions = List.of();
		while (this.running && partitions.isEmpty()) {
			// The topic may not exist yet, or Kafka may be down: keep asking until it answers.
			try {
				partitions = kafka.partitionsFor(this.topic, Duration.ofSeconds(5));
			}
			catch (org.apache.kafka.common.errors.TimeoutException ex) {
				log.debug("No metadata for {} yet: {}", this.topic, ex.getMessage());
			}
			if (partitions == null || partitions.isEmpty()) {
				partitions = List.of();
				pause();
			}
		}
		List<TopicPartition> assignment = partitions.stream()
			.map(info -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		kafka.assign(assignment);
		kafka.seekToBeginning(assignment);
		log.info("Reading the model catalogue from {} partitions of {}", assignment.size(), this.topic);
		return assignment;
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private void apply(ConsumerRecord<String, String> record) {
		if (record.key() == null) {
			return;
		}
		if (record.value() == null) {
			this.models.remove(record.key());
			return;
		}
		try {
			ModelDescriptor descriptor = PipelineJson.mapper().readValue(record.value(), ModelDescriptor.class);
			this.models.put(record.key(), descriptor);
		}
		catch (RuntimeException ex) {
			log.warn("Skipping unreadable model descriptor for {} at offset {}: {}", record.key(), record.offset(),
					ex.getMessage());
		}
	}

}
