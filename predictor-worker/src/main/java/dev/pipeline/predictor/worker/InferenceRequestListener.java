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
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.Timings;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code inference.requests} a poll at a time. Every request of the poll is
 * handed to its model's batcher at once (so they can share batches), then the listener
 * waits until every result is acknowledged by Kafka; only when it returns does the
 * container commit the poll's offsets. A crash before that re-delivers the poll and may
 * answer a request twice, which the results' readers tolerate (they upsert by id).
 *
 * <p>
 * What one record does never re-runs its neighbours. A record that cannot be answered (no
 * usable id, or a result Kafka refuses for good) is dead-lettered in place (without its
 * value and headers if they leave no room for the dead-letter headers under the
 * producer's {@code max.request.size}). Only a failure that may pass with time (Kafka not
 * acknowledging within {@code predictor.topics.send-timeout}) ends the call, with a
 * {@link BatchListenerFailedException} naming that record: the error handler commits the
 * records before it and retries from it.
 *
 * <p>
 * A poll given up that way is delivered again, so the requests of the abandoned attempt
 * that still wait in a queue are cancelled first: the retry computes them once, instead
 * of the load multiplying with every retry. Requests already inside a model call finish
 * there and their results are dropped. After handing a poll over, {@link RequestIntake}
 * pauses the consumers while a model's queue is full.
 */
@Component
class InferenceRequestListener {

	/** The listener container's id. */
	static final String ID = "inference-requests";

	private static final Logger logger = LoggerFactory.getLogger(InferenceRequestListener.class);

	/**
	 * Room for the dead-letter headers spring-kafka adds (the exception's stack trace is
	 * most of it).
	 */
	private static final int DEAD_LETTER_HEADROOM_BYTES = 16 * 1024;

	private static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

	private final InferenceService inference;

	private final ResultPublisher publisher;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final PredictorTopicsProperties topics;

	private final RequestIntake intake;

	private final int maxRecordBytes;

	InferenceRequestListener(InferenceService inference, ResultPublisher publisher,
			DeadLetterPublishingRecoverer deadLetters, PredictorTopicsProperties topics,
			KafkaTemplate<String, byte[]> template, RequestIntake intake) {
		this.inference = inference;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
		this.topics = topics;
		this.intake = intake;
		this.maxRecordBytes = maxRecordBytes(template);
	}

	/**
	 * The topic this listener reads, from {@link PredictorTopicsProperties}; the
	 * {@code @KafkaListener} below asks for it, so the name and its default live in one
	 * place.
	 */
	public String topic() {
		return this.topics.requests();
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
	void onRequests(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
		List<CompletableFuture<Void>> published = new ArrayList<>(records.size());
		List<CompletableFuture<InferenceResult>> inferred = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			RequestReader.Read read = RequestReader.read(record.value());
			if (read instanceof RequestReader.Readable readable) {
				CompletableFuture<InferenceResult> result = infer(readable.request());
				inferred.add(result);
				published.add(result.thenCompose(answer -> this.publisher.publish(answer, record.headers())));
			}
			else if (read instanceof RequestReader.Invalid invalid) {
				InferenceResult failed = InferenceResult.failed(invalid.request(), null, invalid.error(), Instant.now(),
						Timings.none());
				published.add(this.publisher.publish(failed, record.headers()));
			}
			else if (read instanceof RequestReader.Unreadable unreadable) {
				// Dead-lettered in order below, after the results of the records before
				// it.
				published.add(CompletableFuture.failedFuture(new UnanswerableRequestException(unreadable.reason())));
			}
		}
		this.intake.pauseIfFull();
		boolean answered = false;
		try {
			awaitPublished(records, published, consumer);
			answered = true;
		}
		finally {
			if (!answered) {
				// The poll will be delivered again from the record that failed: what
				// still waits for a batch is withdrawn (finished results stay).
				inferred.forEach(result -> result.cancel(false));
			}
		}
	}

	/** A bug in one request's handling fails that request, not the whole poll. */
	private CompletableFuture<InferenceResult> infer(InferenceRequest request) {
		try {
			return this.inference.infer(request);
		}
		catch (RuntimeException ex) {
			logger.error("Request {} could not be handled", LogSafe.escape(request.id()), ex);
			return CompletableFuture.completedFuture(InferenceResult.failed(request, null,
					new ErrorInfo("INTERNAL_ERROR", "The worker could not handle this request"), Instant.now(),
					Timings.none()));
		}
	}

	/**
	 * Waits for each record's outcome in order, so that when a record fails, everything
	 * before it is already acknowledged and may be committed.
	 */
	private void awaitPublished(List<ConsumerRecord<String, byte[]>> records, List<CompletableFuture<Void>> published,
			Consumer<?, ?> consumer) throws InterruptedException {
		long deadline = System.nanoTime() + this.topics.sendTimeout().toNanos();
		for (int i = 0; i < records.size(); i++) {
			try {
				published.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (!(cause instanceof UnanswerableRequestException || cause instanceof UnpublishableResultException)) {
					throw new BatchListenerFailedException("The result could not be published", cause, i);
				}
				deadLetter(records.get(i), i, consumer, cause.getMessage());
			}
			catch (TimeoutException ex) {
				throw new BatchListenerFailedException(
						"Kafka did not acknowledge the result within " + this.topics.sendTimeout(), ex, i);
			}
		}
	}

	/**
	 * Copies the record to the dead-letter topic, with the reason. A record too large to
	 * copy with the dead-letter headers is copied without its value and headers rather
	 * than held for ever.
	 */
	private void deadLetter(ConsumerRecord<String, byte[]> record, int index, Consumer<?, ?> consumer, String reason) {
		logger.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
				LogSafe.escape(reason));
		ConsumerRecord<String, byte[]> copy = record;
		String why = reason;
		long size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize())
				+ headerBytes(record);
		if (size + DEAD_LETTER_HEADROOM_BYTES > this.maxRecordBytes) {
			copy = withoutValueAndHeaders(record);
			why = reason + "; its value and headers (" + size + " bytes) were too large to copy here";
		}
		try {
			this.deadLetters.accept(copy, consumer, new UnanswerableRequestException(why));
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("The record could not be dead-lettered", ex, index);
		}
	}

	/** What the producer may write in one record ({@code max.request.size}). */
	private static int maxRecordBytes(KafkaTemplate<?, ?> template) {
		Object configured = template.getProducerFactory()
			.getConfigurationProperties()
			.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
		return (configured != null) ? Integer.parseInt(configured.toString().trim()) : DEFAULT_MAX_REQUEST_BYTES;
	}

	private static long headerBytes(ConsumerRecord<String, byte[]> record) {
		long bytes = 0;
		for (Header header : record.headers()) {
			bytes += header.key().length() + ((header.value() != null) ? header.value().length : 0);
		}
		return bytes;
	}

	private static ConsumerRecord<String, byte[]> withoutValueAndHeaders(ConsumerRecord<String, byte[]> record) {
		return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
				record.timestampType(), record.serializedKeySize(), 0, record.key(), null, new RecordHeaders(),
				record.leaderEpoch());
	}

}
