package dev.pipeline.ingress.prediction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.stereotype.Component;

/**
 * Sends a request and waits for its reply, making sure the reply comes back to this
 * ingress instance and no other. All instances read the reply topic in one consumer
 * group, so each partition belongs to exactly one instance at a time; a request is
 * stamped with {@code REPLY_PARTITION} = one of the partitions currently assigned to this
 * instance, and the worker answers there. Hence at most as many instances as reply
 * partitions. If a rebalance moves that partition while a request is in flight, the reply
 * lands on another instance, which ignores it (shared reply topic); the waiting caller
 * then gets the job answer and the result is still stored from {@code inference.results}:
 * late, never lost.
 *
 * <p>
 * Built on spring-kafka's {@link ReplyingKafkaTemplate} with a reply container from
 * Boot's listener container factory. Neither is a bean, so Boot's own
 * {@code KafkaTemplate} stays available to other features.
 */
@Component
public class ReplyRouter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);

	/** Extra time beyond the budget for the template's own timeout to fire first. */
	private static final long GRACE_MS = 250;

	private final ReplyingKafkaTemplate<String, InferenceRequest, String> template;

	private final String requestsTopic;

	private final String repliesTopic;

	private final Duration sendTimeout;

	private final Duration assignmentTimeout;

	private final AtomicInteger roundRobin = new AtomicInteger();

	private volatile boolean running;

	/**
	 * Completed by the reply consumer's first assignment of a partition; a new one for
	 * each start.
	 */
	private volatile CompletableFuture<Void> assigned = new CompletableFuture<>();

	ReplyRouter(RequestProducer producer, ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory,
			PredictionProperties properties) {
		this.requestsTopic = producer.topic();
		this.repliesTopic = properties.repliesTopic();
		this.sendTimeout = properties.sendTimeout();
		this.assignmentTimeout = properties.assignmentTimeout();
		this.template = new ReplyingKafkaTemplate<>(producer.producerFactory(),
				replyContainer(containerFactory, properties, assignmentSignal()));
		this.template.setSharedReplyTopic(true);
		this.template.setDefaultReplyTimeout(properties.defaultWait());
		this.template.afterPropertiesSet();
	}

	@SuppressWarnings("unchecked")
	private static ConcurrentMessageListenerContainer<String, String> replyContainer(
			ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory, PredictionProperties properties,
			ConsumerAwareRebalanceListener rebalanceListener) {
		ConcurrentMessageListenerContainer<String, String> container = ((ConcurrentKafkaListenerContainerFactory<String, String>) containerFactory)
			.createContainer(properties.repliesTopic());
		ContainerProperties containerProperties = container.getContainerProperties();
		containerProperties.setGroupId(properties.replyGroupId());
		// Replies are read as text and decoded here, whatever value deserializer the
		// application configures for its other listeners.
		Properties overrides = new Properties();
		overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		// A reply older than this instance's start belongs to a caller that is gone.
		overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		containerProperties.setKafkaConsumerProperties(overrides);
		containerProperties.setConsumerRebalanceListener(rebalanceListener);
		container.setBeanName("ingressReplyContainer");
		return container;
	}

	/**
	 * Produces the request with reply headers pointing at this instance and waits up to
	 * {@code wait} for the answer.
	 */
	ReplyOutcome sendAndAwait(InferenceRequest request, Duration wait) {
		long startNanos = System.nanoTime();
		Integer partition = pickReplyPartition();
		if (partition == null) {
			return ReplyOutcome.unroutable();
		}
		ProducerRecord<String, InferenceRequest> record = new ProducerRecord<>(this.requestsTopic, request.id(),
				request);
		record.headers().add(PipelineHeaders.REPLY_TOPIC, this.repliesTopic.getBytes(StandardCharsets.UTF_8));
		record.headers().add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
		RequestReplyFuture<String, InferenceRequest, String> future;
		try {
			future = this.template.sendAndReceive(record, wait);
		}
		catch (RuntimeException ex) {
			return ReplyOutcome.notSent(ex);
		}
		try {
			future.getSendFuture().get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ReplyOutcome.timedOut();
		}
		catch (ExecutionException | TimeoutException ex) {
			future.cancel(false);
			return ReplyOutcome.notSent(ex);
		}
		long remainingMs = wait.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
		try {
			ConsumerRecord<String, String> reply = future.get(Math.max(remainingMs, 0) + GRACE_MS,
					TimeUnit.MILLISECONDS);
			return ReplyOutcome.replied(PipelineJson.mapper().readValue(reply.value(), InferenceResult.class));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ReplyOutcome.timedOut();
		}
		catch (ExecutionException | TimeoutException ex) {
			// KafkaReplyTimeoutException (or our own guard): the request is on Kafka, the
			// caller gets a job to poll.
			return ReplyOutcome.timedOut();
		}
		catch (RuntimeException ex) {
			log.warn("Unreadable reply for request {}: {}", request.id(), ex.getMessage());
			return ReplyOutcome.timedOut();
		}
	}

	/** The reply partitions this instance owns right now. */
	public List<Integer> assignedReplyPartitions() {
		Collection<TopicPartition> assigned = this.template.getAssignedReplyTopicPartitions();
		if (assigned == null) {
			return List.of();
		}
		return assigned.stream()
			.filter(partition -> partition.topic().equals(this.repliesTopic))
			.map(TopicPartition::partition)
			.sorted()
			.toList();
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
		// is
		// slow to assign) requests take the job path, so this never blocks start-up for
		// good.
		try {
			this.assigned.get(this.assignmentTimeout.toMillis(), TimeUnit.MILLISECONDS);
			log.info("Replies for this instance arrive on {} partitions {}", this.repliesTopic,
					assignedReplyPartitions());
		}
		catch (TimeoutException | ExecutionException ex) {
			log.warn("No reply partition assigned after {}; synchronous calls become jobs until one is",
					this.assignmentTimeout);
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
					ReplyRouter.this.assigned.complete(null);
				}
			}

		};
	}

	@Override
	public void stop() {
		this.running = false;
		this.template.stop();
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

}
