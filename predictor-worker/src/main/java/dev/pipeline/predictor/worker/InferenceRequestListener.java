package dev.pipeline.predictor.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.Timings;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code inference.requests} a poll at a time. Every request of the poll is handed to
 * its model's batcher at once (so they can share batches), then the listener waits until every
 * result is acknowledged by Kafka; only when it returns does the container commit the poll's
 * offsets. A crash before that re-delivers the poll and may answer a request twice, which the
 * results' readers tolerate (they upsert by id). Records that cannot be read at all are
 * dead-lettered in place, so one poison record never holds up its partition.
 */
@Component
class InferenceRequestListener {

	private static final Logger logger = LoggerFactory.getLogger(InferenceRequestListener.class);

	private final InferenceService inference;

	private final ResultPublisher publisher;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final WorkerTopics topics;

	InferenceRequestListener(InferenceService inference, ResultPublisher publisher,
			DeadLetterPublishingRecoverer deadLetters, WorkerTopics topics) {
		this.inference = inference;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
		this.topics = topics;
	}

	@KafkaListener(id = "inference-requests", idIsGroup = false, topics = "${predictor.topics.requests:inference.requests}",
			batch = "true")
	void onRequests(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer)
			throws InterruptedException, ExecutionException, TimeoutException {
		List<CompletableFuture<Void>> published = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			RequestReader.Read read = RequestReader.read(record.value());
			if (read instanceof RequestReader.Readable readable) {
				published.add(infer(readable.request()).thenCompose(result -> this.publisher.publish(result,
						record.headers())));
			}
			else if (read instanceof RequestReader.Invalid invalid) {
				InferenceResult failed = InferenceResult.failed(invalid.request(), null, invalid.error(), Instant.now(),
						Timings.none());
				published.add(this.publisher.publish(failed, record.headers()));
			}
			else if (read instanceof RequestReader.Unreadable unreadable) {
				deadLetter(record, consumer, unreadable.reason());
			}
		}
		CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
			.get(this.topics.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	/** A bug in one request's handling fails that request, not the whole poll. */
	private CompletableFuture<InferenceResult> infer(InferenceRequest request) {
		try {
			return this.inference.infer(request);
		}
		catch (RuntimeException ex) {
			logger.error("Request {} could not be handled", request.id(), ex);
			return CompletableFuture.completedFuture(InferenceResult.failed(request, null,
					new ErrorInfo("INTERNAL_ERROR", "The worker could not handle this request"), Instant.now(),
					Timings.none()));
		}
	}

	private void deadLetter(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer, String reason) {
		logger.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
		this.deadLetters.accept(record, consumer, new UnreadableRequestException(reason));
	}

}
