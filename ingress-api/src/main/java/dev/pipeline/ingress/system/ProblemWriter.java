package dev.pipeline.ingress.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem+json response where controller advice cannot reach: from servlet
 * filters (authentication, rate limits, body size, path checks), the error page and
 * Tomcat's own error report. On the Open Inference Protocol's routes the problem is
 * written as the protocol's error object instead ({@link InferenceProtocolErrors}).
 */
@Component
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
		write(request.getRequestURI(), response, DeferredCheck.precedingOr(request, problem));
	}

	/** Writes the problem with the given path as its {@code instance}. */
	void write(String path, HttpServletResponse response, ApiProblem problem) throws IOException {
		boolean inferenceProtocol = InferenceProtocolErrors.covers(path);
		Object body = inferenceProtocol ? InferenceProtocolErrors.body(problem) : problem.toProblemDetail(path);
		response
			.setStatus(inferenceProtocol ? InferenceProtocolErrors.status(problem).value() : problem.status().value());
		problem.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
		response.setContentType(
				inferenceProtocol ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.jsonMapper.writeValue(response.getOutputStream(), body);
	}

}
