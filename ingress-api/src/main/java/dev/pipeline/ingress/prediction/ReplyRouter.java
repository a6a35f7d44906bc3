package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.reply.PendingReply;
import dev.pipeline.ingress.reply.ReplyChannel;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.stereotype.Component;

/**
 * The reply channel of synchronous predictions: requests to
 * {@code ingress.prediction.requests-topic}, replies on
 * {@code ingress.prediction.replies-topic} in the group
 * {@code ingress.prediction.reply-group-id}, routed to this instance as
 * {@link ReplyChannel} describes. A request whose reply does not come in time is read
 * from {@code inference.results} as a job.
 */
@Component
public class ReplyRouter extends ReplyChannel<InferenceRequest, InferenceResult> {

	/** Extra time beyond the budget for the template's own timeout to fire first. */
	private static final long GRACE_MS = 250;

	ReplyRouter(RequestProducer producer, ConcurrentKafkaListenerContainerFactory<?, ?> containers,
			PredictionProperties properties) {
		super(new Settings("ingressReplyContainer", producer.topic(), properties.repliesTopic(),
				properties.replyGroupId(), properties.sendTimeout(), properties.assignmentTimeout()),
				producer.producerFactory(), containers, Topics.INFERENCE_REPLIES.valueSerde().deserializer());
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
