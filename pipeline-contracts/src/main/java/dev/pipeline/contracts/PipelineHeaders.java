package dev.pipeline.contracts;

import org.springframework.kafka.support.KafkaHeaders;

/**
 * Kafka record headers the services agree on. The reply headers are spring-kafka's own,
 * so a {@code ReplyingKafkaTemplate} on the ingress and a plain producer on the worker
 * interoperate.
 */
public final class PipelineHeaders {

	/** Topic a synchronous caller waits on; absent for jobs and direct producers. */
	public static final String REPLY_TOPIC = KafkaHeaders.REPLY_TOPIC;

	/**
	 * Partition of {@link #REPLY_TOPIC} owned by the waiting ingress instance (4-byte
	 * int).
	 */
	public static final String REPLY_PARTITION = KafkaHeaders.REPLY_PARTITION;

	/** Opaque bytes the waiting caller matches its reply with; copied back unchanged. */
	public static final String CORRELATION_ID = KafkaHeaders.CORRELATION_ID;

	/**
	 * The W3C trace context of the record: the trace it belongs to and the span that
	 * produced it (docs/observability.md, Traces). Written by the producers'
	 * observations, continued by every consumer ({@link RecordTracing}).
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * The W3C trace state beside {@link #TRACEPARENT}: vendors' data the trace carries
	 * along, continued only up to {@link RecordTracing#continuesTraceState its limit}.
	 */
	public static final String TRACESTATE = "tracestate";

	/** Why a record went to the DLQ (UTF-8 text). */
	public static final String DLQ_REASON = "pipeline-dlq-reason";

	/**
	 * On a shadow result in {@code inference.results}: the id of the request whose input
	 * it computed (its own id is {@code shadow-<version>:<request id>}).
	 */
	public static final String SHADOW_OF = "pipeline-shadow-of";

	private PipelineHeaders() {
	}

}
