package dev.pipeline.ingress.system;

import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.FieldProblem;

import org.springframework.http.HttpStatus;

/**
 * How an {@link ApiProblem} reads on the Open Inference Protocol's routes ({@code /v2}
 * and below): the protocol's error object {@code {"error": "..."}} as
 * {@code application/json} instead of problem+json, whoever answers (a handler, a servlet
 * filter, the error page or Tomcat's error report), so a KServe or Triton client reads
 * every failure the same way. The status and the headers ({@code Retry-After},
 * {@code WWW-Authenticate}, the rate limit fields) stay those of the problem, with one
 * exception: the protocol answers a request it cannot take as given with 400 and knows no
 * 422, so invalid input is 400 there. Decided on the path as the client wrote it (a
 * context path is not used by this service); everything else keeps problem+json.
 */
final class InferenceProtocolErrors {

	private static final String ROOT = "/v2";

	private InferenceProtocolErrors() {
	}

	/** Whether the request path is one of the protocol's. */
	static boolean covers(String path) {
		return path.equals(ROOT) || path.startsWith(ROOT + "/") || path.startsWith(ROOT + ";");
	}

	static HttpStatus status(ApiProblem problem) {
		return (problem.status() == HttpStatus.UNPROCESSABLE_CONTENT) ? HttpStatus.BAD_REQUEST : problem.status();
	}

	/**
	 * The protocol's error object: the problem's detail, followed by each invalid field
	 * when the problem lists them.
	 */
	static Map<String, String> body(ApiProblem problem) {
		StringBuilder error = new StringBuilder(problem.getMessage());
		Map<String, Object> properties = problem.toProblemDetail("").getProperties();
		if (properties != null && properties.get("errors") instanceof List<?> errors) {
			for (Object each : errors) {
				if (each instanceof FieldProblem field) {
					error.append(' ').append(field.field()).append(": ").append(field.message()).append(';');
				}
			}
		}
		return Map.of("error", error.toString());
	}

}
