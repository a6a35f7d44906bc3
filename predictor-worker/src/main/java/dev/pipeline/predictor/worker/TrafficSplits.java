package dev.pipeline.predictor.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.ModelTraffic;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.predictor.model.ModelRepository;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
 * The traffic splits between model versions ({@link ModelTraffic}), as last written to
 * the compacted {@code inference.model-traffic} topic; a new split applies to the next
 * request, without a restart. Every worker reads the whole topic, from the beginning, and
 * keeps reading: a consumer assigned to the topic's partitions rather than in a group, so
 * it commits nothing and leaves nothing behind on the broker. Start-up waits (briefly)
 * until the topic has been read to its end, before the request listener starts, so the
 * first requests already get the split.
 *
 * <p>
 * Only requests that name no version are split; a split naming a version this worker does
 * not serve (a worker of another release, say) sends that share to the model's default
 * version instead, with a warning: the admin API checked the split against the catalogue,
 * which lists what any worker serves.
 */
@Component
class TrafficSplits implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TrafficSplits.class);

	private static final Duration INITIAL_LOAD_TIMEOUT = Duration.ofSeconds(15);

	private static final Duration POLL = Duration.ofMillis(500);

	private final Map<String, ModelTraffic> splits = new ConcurrentHashMap<>();

	private final Map<String, Object> consumerConfig;

	private final String topic;

	private volatile @Nullable KafkaConsumer<String, String> consumer;

	private volatile @Nullable Thread reader;

	private volatile boolean running;

	private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

	TrafficSplits(KafkaProperties kafka, PredictorTopics topics) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "predictor-traffic-splits");
		this.consumerConfig = config;
		this.topic = topics.traffic();
	}

	/** The model's split, if the admin set one. */
	Optional<ModelTraffic> of(String model) {
		return Optional.ofNullable(this.splits.get(model));
	}

	/**
	 * The version that answers a request that names none: its split's pick, else the
	 * model's default.
	 */
	String versionFor(ModelRepository.Model model, @Nullable ModelTraffic split, String requestId) {
		if (split == null) {
			return model.defaultVersion();
		}
		String picked = split.versionFor(requestId);
		if (model.version(picked).isEmpty()) {
			logger.warn(
					"The traffic split of model {} sends requests to version {}, which this worker does not "
							+ "serve; its default version {} answers them",
					model.name(), LogSafe.escape(picked), model.defaultVersion());
			return model.defaultVersion();
		}
		return picked;
	}

	/** Applies one record of the topic: a split, or a tombstone that removes it. */
	void apply(@Nullable String model, @Nullable String value) {
		if (model == null) {
			return;
		}
		if (value == null) {
			this.splits.remove(model);
			logger.info("Traffic split of model {} removed", LogSafe.escape(model));
			return;
		}
		try {
			ModelTraffic split = PipelineJson.mapper().readValue(value, ModelTraffic.class);
			if (split.weights().isEmpty() || split.weights().values().stream().mapToInt(Integer::intValue).sum() <= 0) {
				logger.warn("Skipping a traffic split of model {} that gives no version a weight",
						LogSafe.escape(model));
				return;
			}
			this.splits.put(model, split);
			logger.info("Traffic split of model {}: {}, shadow {}", LogSafe.escape(model), split.weights(),
					split.shadow());
		}
		catch (RuntimeException ex) {
			logger.warn("Skipping an unreadable traffic split of model {}: {}", LogSafe.escape(model),
					LogSafe.escape(ex.getMessage()));
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.loaded = new CompletableFuture<>();
		Thread thread = new Thread(this::readForever, "traffic-splits");
		thread.setDaemon(true);
		this.reader = thread;
		thread.start();
		try {
			this.loaded.get(INITIAL_LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Traffic splits not loaded from {} after {}; they apply as the topic is read", this.topic,
					INITIAL_LOAD_TIMEOUT);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Traffic splits failed to load", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void readForever() {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(this.consumerConfig, new StringDeserializer(),
				new StringDeserializer())) {
			this.consumer = consumer;
			List<TopicPartition> partitions = partitions(consumer);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			while (this.running) {
				for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
					apply(record.key(), record.value());
				}
				if (!this.loaded.isDone() && ends.entrySet()
					.stream()
					.allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
					this.loaded.complete(null);
					logger.info("Traffic splits loaded from {}: {}", this.topic, this.splits.keySet());
				}
			}
		}
		catch (WakeupException ex) {
			// stop() woke the consumer up.
		}
		catch (RuntimeException ex) {
			logger.error("Reading traffic splits from {} failed; the splits read so far stay in force", this.topic, ex);
			this.loaded.complete(null);
		}
	}

	/** The topic's partitions, once Kafka knows the topic. */
	private List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
		while (this.running) {
			List<TopicPartition> partitions = consumer.partitionsFor(this.topic)
				.stream()
				.map(info -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			if (!partitions.isEmpty()) {
				return partitions;
			}
			logger.warn("Topic {} does not exist yet; traffic splits are read once it does", this.topic);
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new WakeupException();
			}
		}
		throw new WakeupException();
	}

	@Override
	public void stop() {
		this.running = false;
		KafkaConsumer<String, String> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		Thread thread = this.reader;
		if (thread != null) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the request listener's container: started before it takes requests, stopped
	 * after it.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
