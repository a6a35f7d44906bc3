package dev.pipeline.ingress.system;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.RecordTracing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Drops a client's {@code tracestate} longer than every hop of the pipeline continues
 * ({@link RecordTracing#continuesTraceState}), before the request's observation reads the
 * trace context (Boot's observation filter runs right after this one). The tracer copies
 * a parent's state onto every record of its trace: a client's 7 KB (as much as the
 * container takes in a header) would otherwise ride on the request's Kafka record as far
 * as the worker, which drops it by the same rule. As W3C trace context asks, the state is
 * dropped, not the request refused, and the {@code traceparent} beside it is still
 * continued.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TraceStateFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(continued(request) ? request : new WithoutTraceState(request), response);
	}

	/**
	 * Whether the request's state is continued: its header lines together, as a
	 * propagator joins them (W3C trace context allows a state split over several).
	 */
	private static boolean continued(HttpServletRequest request) {
		int length = -1;
		for (Enumeration<String> lines = request.getHeaders(PipelineHeaders.TRACESTATE); lines.hasMoreElements();) {
			// The container reads a header as ISO-8859-1: one char a byte.
			length += lines.nextElement().length() + 1;
		}
		return RecordTracing.continuesTraceState(Math.max(length, 0));
	}

	/** The request as if the client had sent no {@code tracestate}. */
	private static final class WithoutTraceState extends HttpServletRequestWrapper {

		WithoutTraceState(HttpServletRequest request) {
			super(request);
		}

		@Override
		public @Nullable String getHeader(String name) {
			return isTraceState(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isTraceState(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter((name) -> !isTraceState(name)).toList());
		}

		private static boolean isTraceState(String name) {
			return PipelineHeaders.TRACESTATE.equalsIgnoreCase(name);
		}

	}

}
