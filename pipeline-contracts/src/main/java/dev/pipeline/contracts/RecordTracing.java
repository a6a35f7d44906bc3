package dev.pipeline.contracts;

import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Continues the trace a Kafka record carries ({@link PipelineHeaders#TRACEPARENT}) while
 * one record of a poll is handled. spring-kafka observes a batch listener as a whole (or
 * records each record's observation without a scope), so a service that reads a poll at
 * once and answers each record on its own continues each record's trace itself: it starts
 * the record's span here, and while that span is {@linkplain #open open} on a thread, the
 * sends of an observed {@code KafkaTemplate} carry the record's trace id and every log
 * line shows it, with the request id, in the MDC.
 *
 * <p>
 * A span of a trace that is not sampled records nothing (OpenTelemetry hands out a
 * non-recording span that only carries the ids): the cost per record is then a header
 * lookup, a parse and a few small objects.
 */
public final class RecordTracing {

	/** The MDC key of the request id on every hop (docs/observability.md, Traces). */
	public static final String REQUEST_ID = "requestId";

	/**
	 * The longest {@code tracestate} continued, in bytes: the 512 characters the W3C asks
	 * every tracer to carry on. The tracer copies a parent's state onto every record sent
	 * in its trace; a direct producer's longer one (well-formed, it may reach 16 KB)
	 * would ride on every result and reply and take the room their values have on Kafka.
	 */
	static final int MAX_TRACESTATE_LENGTH = 512;

	private static final Propagator.Getter<Headers> HEADERS = (headers, key) -> {
		Header header = headers.lastHeader(key);
		if (header == null || header.value() == null) {
			return null;
		}
		if (PipelineHeaders.TRACESTATE.equals(key) && !continuesTraceState(header.value().length)) {
			return null;
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	};

	private final Tracer tracer;

	private final Propagator propagator;

	public RecordTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * Starts the span of handling one record: a child of the span that produced it, or
	 * the root of a new trace when the record carries none (a direct producer's) or one
	 * that is not W3C's (malformed, oversized, not ASCII: the propagator ignores it).
	 * @param name the span's name, e.g. {@code "inference.requests process"}
	 */
	public Span start(String name, Headers headers) {
		return this.propagator.extract(headers, HEADERS).name(name).kind(Span.Kind.CONSUMER).start();
	}

	/**
	 * Whether a {@code tracestate} of {@code length} bytes is continued: W3C trace
	 * context, 3.3.1.5, lets a tracer drop a state over 512 characters, and every hop
	 * does (the ingress drops a client's, each worker a record's), so no state longer
	 * than {@link #MAX_TRACESTATE_LENGTH} travels through the pipeline.
	 */
	public static boolean continuesTraceState(int length) {
		return length <= MAX_TRACESTATE_LENGTH;
	}

	/**
	 * Makes {@code span} current on this thread and puts {@code requestId} in the MDC,
	 * until the returned scope is closed (on the same thread).
	 */
	public Scope open(Span span, @Nullable String requestId) {
		Tracer.SpanInScope inScope = this.tracer.withSpan(span);
		MDC.MDCCloseable id = (requestId != null) ? MDC.putCloseable(REQUEST_ID, requestId) : null;
		return new Scope(inScope, id);
	}

	/** A record's span and request id on the current thread. */
	public static final class Scope implements AutoCloseable {

		private final Tracer.SpanInScope inScope;

		private final MDC.@Nullable MDCCloseable requestId;

		private Scope(Tracer.SpanInScope inScope, MDC.@Nullable MDCCloseable requestId) {
			this.inScope = inScope;
			this.requestId = requestId;
		}

		@Override
		public void close() {
			if (this.requestId != null) {
				this.requestId.close();
			}
			this.inScope.close();
		}

	}

}
