package dev.pipeline.ingress.system;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report as problem+json instead of an HTML page. Tomcat writes this
 * report for requests it refuses before any filter or servlet runs (an encoded slash, a
 * malformed request line or header, a header too large), and for errors that no error
 * page answered. Installed on the host by {@link ProblemReportValveInstaller} in place of
 * the HTML valve.
 */
class ProblemReportValve extends ErrorReportValve {

	private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

	private final ProblemWriter problems;

	ProblemReportValve(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		// The same guards as the HTML report: only an error status, only if nobody wrote
		// a body,
		// only once, and only while the connection can still take it.
		if (response.getStatus() < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.resetBuffer();
			// A request line Tomcat could not parse leaves no request URI.
			String path = Objects.toString(request.getRequestURI(), "");
			this.problems.write(path, response, ContainerProblems.of(response.getStatus()));
			response.finishResponse();
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Could not write the error report of a refused request", ex);
		}
	}

}
