package dev.pipeline.ingress.model;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.system.ApiProblem;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.ContainerProperties.AssignmentCommitOption;
import org.springframework.stereotype.Component;

/**
 * The models the predictor workers serve, as last announced on the compacted catalogue
 * topic. Every ingress instance reads the whole topic from the beginning in a consumer
 * group of its own, so it sees every model; the group commits no offsets (the topic is
 * small and compacted, and a restarted instance needs all of it again), so it leaves
 * nothing behind on the broker. The latest descriptor per model is kept; a tombstone
 * removes a model.
 *
 * <p>
 * The reading is a spring-kafka listener container from Boot's container factory (not a
 * bean, like the reply container, so its life follows this catalogue's). Start-up waits
 * (briefly) until the topic has been read to the end it had when its partitions were
 * assigned, so a fresh instance does not answer "unknown model" for models that are
 * already announced.
 */
@Component
public class ModelCatalog implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofSeconds(15);

	private final Map<String, ModelDescriptor> models = new ConcurrentHashMap<>();

	private final ConcurrentMessageListenerContainer<String, String> container;

	/** End offsets of the assigned partitions this instance has not read up to yet. */
	private final Map<TopicPartition, Long> unread = new ConcurrentHashMap<>();

	/** Completed once the backlog is read; a new one for each start. */
	private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

	@SuppressWarnings("unchecked")
	ModelCatalog(ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory, TopicNames names) {
		this.container = ((ConcurrentKafkaListenerContainerFactory<String, String>) containerFactory)
			.createContainer(names.of(Topics.INFERENCE_MODELS));
		// One consumer: it alone decides when the whole topic has been read.
		this.container.setConcurrency(1);
		ContainerProperties containerProperties = this.container.getContainerProperties();
		containerProperties.setGroupId("ingress-model-catalog-" + UUID.randomUUID());
		containerProperties.setClientId("ingress-model-catalog");
		// Nothing is ever acknowledged, so nothing is committed, not even on assignment.
		containerProperties.setAckMode(AckMode.MANUAL);
		containerProperties.setAssignmentCommitOption(AssignmentCommitOption.NEVER);
		// Descriptors are read as text and decoded here, whatever value deserializer the
		// application configures for its other listeners.
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		containerProperties.setKafkaConsumerProperties(overrides);
		Reader reader = new Reader();
		containerProperties.setConsumerRebalanceListener(reader);
		this.container.setupMessageListener(reader);
		this.container.setBeanName("ingressModelCatalogContainer");
	}

	public Optional<ModelDescriptor> find(String name) {
		return Optional.ofNullable(this.models.get(name));
	}

	/**
	 * The model as the version a request names describes it, or as its default version
	 * does when the request names none.
	 * @throws ApiProblem 404 for a model the catalogue does not list
	 * ({@link UnknownModelProblem}) or a version it does not serve
	 * ({@link UnknownModelVersionProblem}): never another version instead
	 */
	public ModelDescriptor served(String model, @Nullable String version) {
		ModelDescriptor descriptor = find(model).orElseThrow(() -> new UnknownModelProblem(model));
		if (version == null) {
			return descriptor;
		}
		return descriptor.atVersion(version).orElseThrow(() -> new UnknownModelVersionProblem(descriptor, version));
	}

	/** Every known model, by name. */
	public List<ModelDescriptor> all() {
		Collection<ModelDescriptor> values = this.models.values();
		return values.stream().sorted(Comparator.comparing(ModelDescriptor::name)).toList();
	}

	@Override
	public void start() {
		this.unread.clear();
		this.loaded = new CompletableFuture<>();
		this.container.start();
		try {
			this.loaded.get(INITIAL_LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			log.warn("Model catalogue not loaded after {}; it fills in as the topic is read", INITIAL_LOAD_TIMEOUT);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Model catalogue failed to load", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.container.stop();
	}

	/**
	 * Below the web server's phases: started before it accepts requests, stopped only
	 * after graceful shutdown has drained the requests in flight.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public boolean isRunning() {
		return this.container.isRunning();
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

	/**
	 * Runs on the container's consumer thread: rewinds each assigned partition, notes
	 * where it ends, and applies what is read, until every partition has been read to
	 * that end.
	 */
	private final class Reader
			implements BatchConsumerAwareMessageListener<String, String>, ConsumerAwareRebalanceListener {

		@Override
		public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
			if (partitions.isEmpty()) {
				// Nothing to read (the topic may not exist yet): not loaded until it is
				// read.
				return;
			}
			consumer.seekToBeginning(partitions);
			ModelCatalog.this.unread.putAll(consumer.endOffsets(partitions));
			log.info("Reading the model catalogue from {} partitions of {}", partitions.size(),
					partitions.iterator().next().topic());
			markReadUpToTheEnd(consumer);
		}

		@Override
		public void onMessage(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
			records.forEach(ModelCatalog.this::apply);
			markReadUpToTheEnd(consumer);
		}

		/**
		 * After a whole poll is applied, so the position never runs ahead of the
		 * catalogue.
		 */
		private void markReadUpToTheEnd(Consumer<?, ?> consumer) {
			Map<TopicPartition, Long> unread = ModelCatalog.this.unread;
			unread.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
			if (unread.isEmpty() && ModelCatalog.this.loaded.complete(null)) {
				log.info("Model catalogue loaded: {}", ModelCatalog.this.models.keySet());
			}
		}

	}

}
