package dev.pipeline.ingress.system;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * The problem for a status that the servlet container chose, not our code: a request
 * Tomcat refused while parsing it, or an error forwarded to the error page. Only the
 * status is known, so the problem says no more than the status does; the slugs of
 * {@link ProblemHandler} are kept where they exist ({@code not-found}, {@code internal}).
 */
final class ContainerProblems {

	private ContainerProblems() {
	}

	static ApiProblem of(int statusCode) {
		HttpStatus status = HttpStatus.resolve(statusCode);
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		if (status.is5xxServerError()) {
			return new ApiProblem(status, (status == HttpStatus.INTERNAL_SERVER_ERROR) ? "internal" : slug(status),
					status.getReasonPhrase(), "The server failed to handle the request; it has been logged.");
		}
		return new ApiProblem(status, slug(status), status.getReasonPhrase(), detail(status));
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request could not be parsed: check the request line, the headers and the path"
					+ " (an encoded '/' or '\\' is not accepted).";
			case NOT_FOUND -> "No such resource.";
			default -> "The server refused the request: " + status.getReasonPhrase() + ".";
		};
	}

	private static String slug(HttpStatus status) {
		return status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
	}

}
