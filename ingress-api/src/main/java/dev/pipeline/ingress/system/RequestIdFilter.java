package dev.pipeline.ingress.system;

import java.io.IOException;

import dev.pipeline.contracts.RecordTracing;
import dev.pipeline.contracts.RequestRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request its {@link RequestIds} and puts the request id on every response as
 * {@code X-Request-Id}. A client's own id is echoed when it is sane (it is logged and
 * stored with the job, so it must fit the column and stay printable); anything else is
 * replaced by the generated id. Runs first, so even problems written by later filters
 * carry the id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/** Request attribute holding the response's {@code X-Request-Id} as a String. */
	public static final String ATTRIBUTE = "dev.pipeline.ingress.requestId";

	/** Request attribute holding the request's {@link RequestIds}. */
	public static final String IDS_ATTRIBUTE = "dev.pipeline.ingress.requestIds";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestIds ids = RequestIds.of(saneOrNull(request.getHeader(HEADER)));
		request.setAttribute(ATTRIBUTE, ids.requestId());
		request.setAttribute(IDS_ATTRIBUTE, ids);
		response.setHeader(HEADER, ids.requestId());
		// On every log line of this request, the id it has on every hop: the prediction's
		// or job's, the key of its records (docs/observability.md, Traces).
		try (MDC.MDCCloseable logged = MDC.putCloseable(RecordTracing.REQUEST_ID, ids.serverId())) {
			chain.doFilter(request, response);
		}
	}

	/** The ids of the current request (set by this filter before anything else runs). */
	public static RequestIds ids(HttpServletRequest request) {
		Object ids = request.getAttribute(IDS_ATTRIBUTE);
		return (ids instanceof RequestIds known) ? known : RequestIds.of(null);
	}

	private static @Nullable String saneOrNull(@Nullable String candidate) {
		return (candidate != null && RequestRules.ID.matcher(candidate).matches()) ? candidate : null;
	}

}
