package dev.pipeline.predictor.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReplyAddress;
import dev.pipeline.contracts.ResultStatus;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a result where its readers wait: always to {@code inference.results} (the record
 * of every request), and, for a synchronous caller, also to the reply address its request
 * named ({@link ReplyAddress}). A reply address the worker refuses is logged and skipped:
 * the result is still on {@code inference.results}, where the requester can read it.
 *
 * <p>
 * A result Kafka refuses as too large (over the producer's {@code max.request.size},
 * checked by the producer before anything goes on the wire, or over the topic's limit) is
 * replaced, at the same place, by a FAILED result {@code RESULT_TOO_LARGE} for that
 * request alone. Other errors that retrying cannot cure fail the returned future with
 * {@link UnpublishableResultException}, so the listener can dead-letter that one request
 * instead of retrying its poll.
 */
@Component
class ResultPublisher {

	static final String RESULT_TOO_LARGE = "RESULT_TOO_LARGE";

	private static final Logger logger = LoggerFactory.getLogger(ResultPublisher.class);

	private final KafkaTemplate<String, byte[]> template;

	private final PredictorTopicsProperties topics;

	ResultPublisher(KafkaTemplate<String, byte[]> template, PredictorTopicsProperties topics) {
		this.template = template;
		this.topics = topics;
	}

	/**
	 * Completes when Kafka acknowledged every copy of the result (or of its replacement).
	 */
	CompletableFuture<Void> publish(InferenceResult result, Headers requestHeaders) {
		byte[] value = PipelineJson.mapper().writeValueAsBytes(result);
		List<CompletableFuture<Void>> copies = new ArrayList<>(2);
		copies.add(sendCopy(new ProducerRecord<>(this.topics.results(), result.id(), value), result)
			.exceptionallyCompose(ex -> CompletableFuture.failedFuture(unpublishable(ex))));
		// Only asked for allowed topics; the producer answers from its metadata cache
		// once it knows them.
		ReplyAddress.Read reply = ReplyAddress.read(requestHeaders, this.topics.replies(),
				topic -> this.template.partitionsFor(topic).size());
		if (reply instanceof ReplyAddress.Addressed addressed) {
			copies.add(sendCopy(addressed.address().record(result.id(), value), result)
				.exceptionallyCompose(ex -> skipUnpublishableReply(result, ex)));
		}
		else if (reply instanceof ReplyAddress.Refused refused) {
			logger.warn("Request {}: no reply sent, {}; its result is on {} only", LogSafe.escape(result.id()),
					LogSafe.escape(refused.reason()), this.topics.results());
		}
		return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new));
	}

	/**
	 * One copy of a result, or of its RESULT_TOO_LARGE replacement when Kafka refuses its
	 * size.
	 */
	private CompletableFuture<Void> sendCopy(ProducerRecord<String, byte[]> record, InferenceResult result) {
		return send(record).exceptionallyCompose(ex -> {
			if (!causedBy(ex, RecordTooLargeException.class) || isTooLarge(result)) {
				return CompletableFuture.failedFuture(ex);
			}
			logger.warn("Result of request {} ({} bytes) is too large for {}; publishing RESULT_TOO_LARGE instead",
					LogSafe.escape(result.id()), record.value().length, record.topic());
			byte[] replacement = PipelineJson.mapper().writeValueAsBytes(tooLarge(result, record.value().length));
			return send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), replacement,
					record.headers()));
		});
	}

	private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
		try {
			return this.template.send(record).thenApply(sent -> null);
		}
		catch (RuntimeException ex) {
			// KafkaTemplate throws when the producer refuses a record up front (e.g. over
			// max.request.size).
			return CompletableFuture.failedFuture(ex);
		}
	}

	/** The reply is a courtesy: the result itself is on inference.results. */
	private CompletableFuture<Void> skipUnpublishableReply(InferenceResult result, Throwable ex) {
		Throwable failure = unpublishable(ex);
		if (!(failure instanceof UnpublishableResultException)) {
			return CompletableFuture.failedFuture(failure);
		}
		logger.warn("Request {}: reply not sent, {}", LogSafe.escape(result.id()),
				LogSafe.escape(failure.getMessage()));
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Kafka's own split: a {@code RetriableException} (or anything that is not an API
	 * error, such as a closed producer) may pass with time, so the poll is retried; an
	 * API error that is not retriable is about this record and will fail the same way
	 * every time.
	 */
	private static Throwable unpublishable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RetriableException) {
				return ex;
			}
			if (cause instanceof ApiException) {
				return new UnpublishableResultException("Its result could not be published: " + cause, ex);
			}
		}
		return ex;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isTooLarge(InferenceResult result) {
		return result.error() != null && RESULT_TOO_LARGE.equals(result.error().code());
	}

	private static InferenceResult tooLarge(InferenceResult result, int bytes) {
		return new InferenceResult(InferenceResult.SCHEMA_VERSION, result.id(), result.model(), result.modelVersion(),
				result.accountId(), ResultStatus.FAILED, null,
				new ErrorInfo(RESULT_TOO_LARGE, "The result has " + bytes
						+ " bytes of JSON, more than Kafka takes in one record; ask for fewer or shorter instances"),
				result.submittedAt(), Instant.now(), result.timings());
	}

}
