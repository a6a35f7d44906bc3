package dev.pipeline.ingress.reply;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;

/**
 * Sends requests and waits for their replies, making sure a reply comes back to this
 * ingress instance and no other. All instances read the reply topic in one consumer
 * group, so each partition belongs to exactly one instance at a time; a request is
 * stamped with {@code REPLY_TOPIC} and {@code REPLY_PARTITION} = one of the partitions
 * currently assigned to this instance (round robin over them), and the worker answers
 * there ({@code dev.pipeline.contracts.ReplyAddress}). Hence at most as many instances as
 * reply partitions. If a rebalance moves that partition while a request is in flight, the
 * reply lands on another instance, which ignores it (shared reply topic, as it ignores
 * the answers of Kafka-only clients that hash onto its partitions); the waiting caller
 * runs out of budget and reads the answer from where the worker also stores it: late,
 * never lost. While this instance owns no partition, {@link #send} sends nothing and says
 * so.
 *
 * <p>
 * Built on spring-kafka's {@link ReplyingKafkaTemplate} ({@link SharedReplyTemplate},
 * which ignores records without a correlation id instead of logging each at ERROR) with a
 * reply container from Boot's listener container factory. Neither is a bean, so Boot's
 * own {@code KafkaTemplate} stays available to other features. Replies are read as bytes
 * and decoded by the waiting caller, whatever value deserializer the application
 * configures for its other listeners; one that cannot be decoded counts as no reply.
 *
 * @param <V> the request type, keyed by the request's id
 * @param <R> the reply type
 */
public class ReplyChannel<V, R> implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ReplyChannel.class);

	private final DefaultKafkaProducerFactory<String, V> producers;

	private final SharedReplyTemplate<V> template;

	private final KafkaTemplate<String, V> plain;

	private final Deserializer<R> replies;

	private final Settings settings;

	private final AtomicInteger roundRobin = new AtomicInteger();

	private final AtomicLong givenUp = new AtomicLong();

	private volatile boolean running;

	/**
	 * Completed by the reply consumer's first assignment of a partition; a new one for
	 * each start.
	 */
	private volatile CompletableFuture<Void> assigned = new CompletableFuture<>();

	/**
	 * @param kafka Boot's Kafka settings, for the channel's own producer
	 * ({@link RequestProducers#durable}: every request of the channel, with a reply
	 * address or without, goes through it)
	 * @param requests encodes a request's value
	 * @param containers Boot's listener container factory, for the reply container
	 * @param replies decodes a reply's value
	 * @param observations observes every send, so a request carries the trace of the HTTP
	 * request that made it ({@code traceparent}, docs/observability.md)
	 */
	protected ReplyChannel(Settings settings, KafkaProperties kafka, Serializer<V> requests,
			ConcurrentKafkaListenerContainerFactory<?, ?> containers, Deserializer<R> replies,
			ObservationRegistry observations) {
		this.settings = settings;
		this.replies = replies;
		this.producers = RequestProducers.durable(kafka, requests, settings.sendTimeout());
		this.template = new SharedReplyTemplate<>(this.producers, replyContainer(containers, settings),
				settings.uncorrelatedExpected());
		this.template.afterPropertiesSet();
		this.plain = new KafkaTemplate<>(this.producers);
		// Neither template is a bean, so Boot's spring.kafka.template.observation-enabled
		// does not reach them: set here, with no KafkaAdmin, so no send waits for a
		// cluster id.
		for (KafkaTemplate<String, V> observed : List.of(this.template, this.plain)) {
			observed.setObservationEnabled(true);
			observed.setObservationRegistry(observations);
		}
	}

	@SuppressWarnings("unchecked")
	private ConcurrentMessageListenerContainer<String, byte[]> replyContainer(
			ConcurrentKafkaListenerContainerFactory<?, ?> containers, Settings settings) {
		ConcurrentMessageListenerContainer<String, byte[]> container = ((ConcurrentKafkaListenerContainerFactory<String, byte[]>) containers)
			.createContainer(settings.repliesTopic());
		ContainerProperties properties = container.getContainerProperties();
		properties.setGroupId(settings.replyGroupId());
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		// A reply older than this instance's start belongs to a caller that is gone.
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		// The worker replies in the transaction of its poll: only a committed reply
		// counts.
		overrides.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// Incremental rebalancing: when an instance joins or leaves, only the partitions
		// that must move are revoked. With the default eager protocol every instance gave
		// up all its partitions on every change, so each one's waiting callers saw their
		// replies go astray and new calls fell back to jobs (UNROUTABLE) for the
		// duration.
		overrides.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		properties.setKafkaConsumerProperties(overrides);
		properties.setConsumerRebalanceListener(assignmentSignal());
		container.setBeanName(settings.name());
		return container;
	}

	/**
	 * Produces the request with reply headers pointing at this instance and returns once
	 * Kafka acknowledged it.
	 * @param key the request's id
	 * @param replyTimeout how long the reply is waited for at most
	 * @return the reply to come, or empty when this instance owns no reply partition
	 * right now: then nothing was sent
	 * @throws KafkaUnavailableException when Kafka did not acknowledge the request in
	 * time
	 */
	public Optional<PendingReply<R>> send(String key, V request, Duration replyTimeout) {
		Integer partition = pickReplyPartition();
		if (partition == null) {
			return Optional.empty();
		}
		ProducerRecord<String, V> record = new ProducerRecord<>(this.settings.requestsTopic(), key, request);
		record.headers()
			.add(PipelineHeaders.REPLY_TOPIC, this.settings.repliesTopic().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
		RequestReplyFuture<String, V, byte[]> future;
		try {
			future = this.template.sendAndReceive(record, replyTimeout);
		}
		catch (RuntimeException ex) {
			throw new KafkaUnavailableException(ex);
		}
		try {
			future.getSendFuture().get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			future.cancel(false);
			throw new KafkaUnavailableException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			future.cancel(false);
			throw new KafkaUnavailableException(ex);
		}
		log.debug("Request {} sent to {} with replies on partition {}", key, this.settings.requestsTopic(), partition);
		return Optional.of(new PendingReply<>(key, future, this.replies));
	}

	/**
	 * Produces the request without a reply address (its answer is read where the worker
	 * stores it) and returns once Kafka acknowledged it.
	 * @param key the request's id
	 * @throws KafkaUnavailableException when Kafka did not acknowledge the request in
	 * time
	 */
	public void publish(String key, V request) {
		try {
			this.plain.send(this.settings.requestsTopic(), key, request)
				.get(this.settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
			log.debug("Request {} sent to {} without a reply address", key, this.settings.requestsTopic());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException(ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new KafkaUnavailableException(ex);
		}
	}

	/** The reply partitions this instance owns right now. */
	public List<Integer> assignedReplyPartitions() {
		Collection<TopicPartition> assignment = this.template.getAssignedReplyTopicPartitions();
		if (assignment == null) {
			return List.of();
		}
		return assignment.stream()
			.filter(partition -> partition.topic().equals(this.settings.repliesTopic()))
			.map(TopicPartition::partition)
			.sorted()
			.toList();
	}

	/**
	 * How many reply partitions this instance has given up (revoked or lost) since it was
	 * created: each is a chance for a waiting caller's reply to land elsewhere.
	 */
	public long replyPartitionsGivenUp() {
		return this.givenUp.get();
	}

	/**
	 * How many records without a correlation id this instance has read from the reply
	 * topic and ignored: none of them is a worker's reply ({@link SharedReplyTemplate}).
	 */
	public long uncorrelatedReplies() {
		return this.template.uncorrelatedRecords();
	}

	private @Nullable Integer pickReplyPartition() {
		List<Integer> partitions = assignedReplyPartitions();
		if (partitions.isEmpty()) {
			return null;
		}
		return partitions.get(Math.floorMod(this.roundRobin.getAndIncrement(), partitions.size()));
	}

	@Override
	public void start() {
		this.assigned = new CompletableFuture<>();
		this.template.start();
		this.running = true;
		// Serve synchronous calls only once replies can reach us; until then (or if Kafka
		// is slow to assign) requests go without a reply address, so this never blocks
		// start-up for good.
		try {
			this.assigned.get(this.settings.assignmentTimeout().toMillis(), TimeUnit.MILLISECONDS);
			log.info("Replies for this instance arrive on {} partitions {}", this.settings.repliesTopic(),
					assignedReplyPartitions());
		}
		catch (TimeoutException | ExecutionException ex) {
			log.warn("No partition of {} assigned after {}; requests go without a reply address until one is",
					this.settings.repliesTopic(), this.settings.assignmentTimeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Completes {@link #assigned} on the reply consumer's thread, after the container has
	 * recorded the partitions. An empty assignment (another instance holds them all for
	 * now) does not count: no reply could reach this instance yet.
	 */
	private ConsumerAwareRebalanceListener assignmentSignal() {
		return new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
				if (!partitions.isEmpty()) {
					ReplyChannel.this.assigned.complete(null);
				}
			}

			@Override
			public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer,
					Collection<TopicPartition> partitions) {
				givenUp(partitions, "revoked (moved to another instance, or this one stops)");
			}

			@Override
			public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				givenUp(partitions, "lost (this instance missed its group's deadline)");
			}

			private void givenUp(Collection<TopicPartition> partitions, String how) {
				if (!partitions.isEmpty()) {
					ReplyChannel.this.givenUp.addAndGet(partitions.size());
					log.info("Reply partitions {} of {} {}; replies in flight on them reach their callers as jobs",
							partitions.stream().map(TopicPartition::partition).sorted().toList(),
							ReplyChannel.this.settings.repliesTopic(), how);
				}
			}

		};
	}

	/**
	 * Stops the reply container only: a stopped context may be started again (Spring's
	 * test context cache pauses idle contexts this way), and a destroyed template's
	 * scheduler could not be restarted, so every later request would fail.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.template.stop();
	}

	/**
	 * Releases the template's scheduler and closes the producer when the context closes
	 * for good.
	 */
	@Override
	public void destroy() {
		this.template.destroy();
		this.producers.destroy();
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
		return this.running;
	}

	/**
	 * Where one kind of request goes and where its replies come back.
	 *
	 * @param name names the reply container (its threads and log lines)
	 * @param requestsTopic where requests are produced
	 * @param repliesTopic where the workers answer; read by every ingress instance of one
	 * deployment in the group {@code replyGroupId}
	 * @param replyGroupId the consumer group shared by the ingress instances on
	 * {@code repliesTopic}
	 * @param sendTimeout how long to wait for Kafka to acknowledge a request
	 * @param assignmentTimeout how long start-up waits for reply partitions to be
	 * assigned
	 * @param uncorrelatedExpected whether records without a correlation id are part of
	 * the reply topic's normal traffic (answers to requests sent without a reply address
	 * go there too): then they are ignored quietly, otherwise an operator is told
	 * ({@link SharedReplyTemplate})
	 */
	public record Settings(String name, String requestsTopic, String repliesTopic, String replyGroupId,
			Duration sendTimeout, Duration assignmentTimeout, boolean uncorrelatedExpected) {
	}

}
