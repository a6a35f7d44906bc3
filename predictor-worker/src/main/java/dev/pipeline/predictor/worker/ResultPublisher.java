package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
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
 * Called on the listener's thread, inside the poll's Kafka transaction: what it sends is
 * visible to {@code read_committed} readers only once the poll's offsets commit with it.
 * A send Kafka refuses makes the transaction abortable, so a result too large to publish
 * (over the producer's {@code max.request.size}) is found here before sending, the way
 * the producer measures it, and replaced by a FAILED result {@code RESULT_TOO_LARGE} for
 * that request alone. Any other failed send fails the returned future; the poll is then
 * rolled back and retried.
 */
@Component
class ResultPublisher {

	static final String RESULT_TOO_LARGE = "RESULT_TOO_LARGE";

	private static final Logger logger = LoggerFactory.getLogger(ResultPublisher.class);

	private static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

	/**
	 * Room for the trace headers the template's observation adds after this check
	 * ({@code traceparent}, 55 bytes, and a {@code tracestate} if the caller sent one).
	 */
	private static final int TRACE_HEADERS_HEADROOM_BYTES = 1024;

	private final KafkaTemplate<String, byte[]> template;

	private final PredictorTopics topics;

	private final int maxRecordBytes;

	ResultPublisher(KafkaTemplate<String, byte[]> template, PredictorTopics topics) {
		this.template = template;
		this.topics = topics;
		this.maxRecordBytes = maxRecordBytes(template);
	}

	/**
	 * Sends every copy of the result (or of its replacement); completes when Kafka
	 * acknowledged them all.
	 */
	CompletableFuture<Void> publish(InferenceResult result, Headers requestHeaders) {
		byte[] value = PipelineJson.mapper().writeValueAsBytes(result);
		List<ProducerRecord<String, byte[]>> copies = new ArrayList<>(2);
		copies.add(new ProducerRecord<>(this.topics.results(), result.id(), value));
		// Only asked for allowed topics; the producer answers from its metadata cache
		// once it knows them.
		ReplyAddress.Read reply = ReplyAddress.read(requestHeaders, this.topics.replies(),
				topic -> this.template.partitionsFor(topic).size());
		if (reply instanceof ReplyAddress.Addressed addressed) {
			copies.add(addressed.address().record(result.id(), value));
		}
		else if (reply instanceof ReplyAddress.Refused refused) {
			logger.warn("Request {}: no reply sent, {}; its result is on {} only", LogSafe.escape(result.id()),
					LogSafe.escape(refused.reason()), this.topics.results());
		}
		byte[] replacement = null;
		List<CompletableFuture<Void>> sent = new ArrayList<>(copies.size());
		for (ProducerRecord<String, byte[]> copy : copies) {
			if (fits(copy.key(), copy.value(), copy.headers().toArray(), TRACE_HEADERS_HEADROOM_BYTES)
					|| isTooLarge(result)) {
				sent.add(send(copy));
				continue;
			}
			// The copies differ only in headers: one replacement serves both.
			logger.warn("Result of request {} ({} bytes) is too large for {}; publishing RESULT_TOO_LARGE instead",
					LogSafe.escape(result.id()), value.length, copy.topic());
			if (replacement == null) {
				replacement = PipelineJson.mapper().writeValueAsBytes(tooLarge(result, value.length));
			}
			sent.add(send(
					new ProducerRecord<>(copy.topic(), copy.partition(), copy.key(), replacement, copy.headers())));
		}
		return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
	}

	private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
		try {
			return this.template.send(record).thenApply(sent -> null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Whether the producer takes a record of this key, value and headers, with
	 * {@code headroom} bytes to spare for headers added on the way: the size it checks
	 * against {@code max.request.size} before sending (the same estimate; for the current
	 * record format it does not depend on compression).
	 */
	boolean fits(String key, byte[] value, Header[] headers, int headroom) {
		byte[] keyBytes = (key != null) ? key.getBytes(StandardCharsets.UTF_8) : null;
		return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
				keyBytes, value, headers) + (long) headroom <= this.maxRecordBytes;
	}

	private static int maxRecordBytes(KafkaTemplate<?, ?> template) {
		Object configured = template.getProducerFactory()
			.getConfigurationProperties()
			.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
		return (configured != null) ? Integer.parseInt(configured.toString().trim()) : DEFAULT_MAX_REQUEST_BYTES;
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
