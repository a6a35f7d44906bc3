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
import dev.pipeline.contracts.RecordTracing;
import dev.pipeline.contracts.Timings;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code inference.requests} a poll at a time, each poll in one Kafka
 * transaction that the listener container begins before the call and commits, with the
 * poll's offsets, after it returns ({@link DeadLetterConfiguration}). Every request of
 * the poll is handed to its model's batcher at once (so they can share batches); the
 * listener then publishes the results in order, on its own thread and so inside the
 * transaction, and waits until Kafka acknowledged them all. A {@code read_committed}
 * reader sees a poll's results only once its offsets are committed, and a worker killed
 * before that leaves nothing visible to answer twice: its successor answers the poll
 * again, once.
 *
 * <p>
 * What one record does never fails its neighbours. A record that cannot be answered (no
 * usable id) is dead-lettered in place, inside the transaction (without its value and
 * headers if they leave no room for the dead-letter headers under the producer's
 * {@code max.request.size}). Any other failure (a model slower than
 * {@code predictor.topics.send-timeout}, a send Kafka did not acknowledge in that time or
 * refused) ends the call: the transaction is aborted and the after-rollback processor
 * delivers the poll again with backoff.
 *
 * <p>
 * A poll given up that way is delivered again, so the requests of the abandoned attempt
 * that still wait in a queue are cancelled first: the retry computes them once, instead
 * of the load multiplying with every retry. Requests already inside a model call finish
 * there and their results are dropped. After handing a poll over, {@link RequestIntake}
 * pauses the consumers while a model's queue is full.
 *
 * <p>
 * Each record continues its own trace ({@link RecordTracing}): a span per request, child
 * of the ingress's send, is current while the request is handed over and while its result
 * (and reply, or dead letter) is sent, so those records carry the request's trace id and
 * the log lines of that request show it and the request id. A batch of requests from many
 * traces thus answers each in its own.
 */
@Component
class InferenceRequestListener {

	/** The listener container's id. */
	static final String ID = "inference-requests";

	private static final Logger logger = LoggerFactory.getLogger(InferenceRequestListener.class);

	/** The span of one request's handling, from its hand-over to its sends. */
	static final String SPAN_NAME = "inference.requests process";

	/**
	 * Room for the dead-letter headers spring-kafka adds (the exception's stack trace is
	 * most of it).
	 */
	private static final int DEAD_LETTER_HEADROOM_BYTES = 16 * 1024;

	private final InferenceService inference;

	private final ResultPublisher publisher;

	private final DeadLetterPublishingRecoverer deadLetters;

	private final PredictorTopics topics;

	private final RequestIntake intake;

	private final RecordTracing tracing;

	InferenceRequestListener(InferenceService inference, ResultPublisher publisher,
			DeadLetterPublishingRecoverer deadLetters, PredictorTopics topics, RequestIntake intake,
			RecordTracing tracing) {
		this.inference = inference;
		this.publisher = publisher;
		this.deadLetters = deadLetters;
		this.topics = topics;
		this.intake = intake;
		this.tracing = tracing;
	}

	/**
	 * The topic this listener reads, from {@link PredictorTopics}; the
	 * {@code @KafkaListener} below asks for it, so the name and its default live in one
	 * place.
	 */
	public String topic() {
		return this.topics.requests();
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.topic()}", batch = "true")
	void onRequests(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
		List<Answer> answers = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			Span span = this.tracing.start(SPAN_NAME, record.headers());
			RequestReader.Read read = RequestReader.read(record.value());
			if (read instanceof RequestReader.Readable readable) {
				String id = readable.request().id();
				try (RecordTracing.Scope scope = this.tracing.open(span, id)) {
					answers.add(new Answer(infer(readable.request()), null, span, id));
				}
			}
			else if (read instanceof RequestReader.Invalid invalid) {
				answers
					.add(new Answer(
							CompletableFuture.completedFuture(InferenceResult.failed(invalid.request(), null,
									invalid.error(), Instant.now(), Timings.none())),
							null, span, invalid.request().id()));
			}
			else if (read instanceof RequestReader.Unreadable unreadable) {
				answers.add(new Answer(null, unreadable.reason(), span, null));
			}
		}
		this.intake.pauseIfFull();
		boolean answered = false;
		try {
			publish(records, answers, consumer);
			answered = true;
		}
		finally {
			if (!answered) {
				// The poll will be delivered again: what still waits for a batch is
				// withdrawn.
				answers.forEach(Answer::cancel);
			}
			answers.forEach(answer -> answer.span().end());
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
	 * Publishes each record's result (or dead-letters the record) in order as it comes,
	 * then waits until Kafka acknowledged every send, all within the send timeout.
	 */
	private void publish(List<ConsumerRecord<String, byte[]>> records, List<Answer> answers, Consumer<?, ?> consumer)
			throws InterruptedException {
		long deadline = System.nanoTime() + this.topics.sendTimeout().toNanos();
		List<@Nullable CompletableFuture<Void>> sent = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			Answer answer = answers.get(i);
			// The request's own trace: its result, reply or dead letter continues it.
			try (RecordTracing.Scope scope = this.tracing.open(answer.span(), answer.requestId())) {
				CompletableFuture<InferenceResult> computed = answer.result();
				if (computed != null) {
					InferenceResult result = await(computed, deadline, i, "computed");
					sent.add(this.publisher.publish(result, records.get(i).headers()));
					logger.debug("Answered request {}: {}", result.id(), result.status());
				}
				else {
					deadLetter(records.get(i), i, consumer, String.valueOf(answer.unreadable()));
					sent.add(null);
				}
			}
		}
		for (int i = 0; i < sent.size(); i++) {
			CompletableFuture<Void> send = sent.get(i);
			if (send != null) {
				await(send, deadline, i, "acknowledged by Kafka");
			}
		}
	}

	private <T> T await(CompletableFuture<T> future, long deadline, int index, String what)
			throws InterruptedException {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw new BatchListenerFailedException("The result could not be published", ex.getCause(), index);
		}
		catch (TimeoutException ex) {
			throw new BatchListenerFailedException(
					"The result was not " + what + " within " + this.topics.sendTimeout(), ex, index);
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
		if (!this.publisher.fits(record.key(), record.value(), record.headers().toArray(),
				DEAD_LETTER_HEADROOM_BYTES)) {
			copy = withoutValueAndHeaders(record);
			why = reason + "; its value and headers (" + Math.max(0, record.serializedValueSize())
					+ " bytes of value) were too large to copy here";
		}
		try {
			this.deadLetters.accept(copy, consumer, new UnanswerableRequestException(why));
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("The record could not be dead-lettered", ex, index);
		}
	}

	/**
	 * What a record gets: its result to come, or, for an unreadable record, the reason it
	 * is dead-lettered; with the span of its trace and, once read, its request id.
	 */
	private record Answer(@Nullable CompletableFuture<InferenceResult> result, @Nullable String unreadable, Span span,
			@Nullable String requestId) {

		void cancel() {
			if (this.result != null) {
				this.result.cancel(false);
			}
		}

	}

	private static ConsumerRecord<String, byte[]> withoutValueAndHeaders(ConsumerRecord<String, byte[]> record) {
		return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
				record.timestampType(), record.serializedKeySize(), 0, record.key(), null, new RecordHeaders(),
				record.leaderEpoch());
	}

}
