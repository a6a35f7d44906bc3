package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.reply.PendingReply;
import dev.pipeline.ingress.reply.ReplyChannel;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way inference requests reach Kafka: {@link #sendAndAwait} for a caller who
 * waits (reply headers name a partition this instance owns, see {@link ReplyChannel}),
 * {@link #publish} for a job (no reply address; its result is read from
 * {@code inference.results}). Both go through the same durable producer and throw the
 * same {@link KafkaUnavailableException}. Requests go to {@code inference.requests},
 * replies come on {@code inference.replies} (both behind {@code pipeline.topics.prefix})
 * in the group {@code ingress.prediction.reply-group-id}.
 */
@Component
public class InferenceChannel extends ReplyChannel<InferenceRequest, InferenceResult> {

	/** Extra time beyond the budget for the template's own timeout to fire first. */
	private static final long GRACE_MS = 250;

	InferenceChannel(KafkaProperties kafka, ConcurrentKafkaListenerContainerFactory<?, ?> containers,
			PredictionProperties properties, TopicNames names, ObservationRegistry observations) {
		super(new Settings("ingressReplyContainer", names.of(Topics.INFERENCE_REQUESTS),
				names.of(Topics.INFERENCE_REPLIES), properties.replyGroupId(), properties.sendTimeout(),
				properties.assignmentTimeout(), false), kafka, Topics.INFERENCE_REQUESTS.valueSerde().serializer(),
				containers, Topics.INFERENCE_REPLIES.valueSerde().deserializer(), observations);
	}

	/**
	 * Produces the request without a reply address, keyed by its id, and returns once
	 * Kafka acknowledged it.
	 * @throws KafkaUnavailableException when Kafka did not acknowledge it in time
	 */
	public void publish(InferenceRequest request) {
		publish(request.id(), request);
	}

	/**
	 * Produces the request with reply headers pointing at this instance and waits up to
	 * {@code wait} for the answer.
	 * @throws KafkaUnavailableException when Kafka did not acknowledge the request
	 */
	ReplyOutcome sendAndAwait(InferenceRequest request, Duration wait) {
		long startNanos = System.nanoTime();
		Optional<PendingReply<InferenceResult>> sent = send(request.id(), request, wait);
		if (sent.isEmpty()) {
			return ReplyOutcome.unroutable();
		}
		long remainingMs = wait.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
		@Nullable InferenceResult result = sent.get().await(Duration.ofMillis(Math.max(remainingMs, 0) + GRACE_MS));
		return (result != null) ? ReplyOutcome.replied(result) : ReplyOutcome.timedOut();
	}

}
