package dev.pipeline.ingress.system;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.FieldProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A client-facing failure with its RFC 9457 problem type. Thrown anywhere in the ingress
 * and rendered once, by {@link ProblemHandler} (controllers) or {@link ProblemWriter}
 * (filters). The {@code type} is a stable URI per problem kind (see docs/api.md); the
 * exception class never reaches the client.
 */
public class ApiProblem extends RuntimeException {

	/** Stable prefix of every problem type of this API. */
	public static final String TYPE_PREFIX = "urn:pipeline:problem:";

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	public ApiProblem(HttpStatus status, String typeSlug, String title, String detail) {
		super(detail);
		this.status = status;
		this.type = TYPE_PREFIX + typeSlug;
		this.title = title;
	}

	/**
	 * The 422 for a well-formed request with invalid fields, whether Bean Validation or a
	 * validator in code found them: every route answers it in this one shape.
	 */
	public static ApiProblem invalidInput(List<FieldProblem> errors) {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
				"The request is well-formed but some fields are invalid.")
			.with("errors", errors);
	}

	/** Adds an extension member to the problem body (e.g. {@code errors}). */
	public ApiProblem with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	/** Adds a response header (e.g. {@code Retry-After}). */
	public ApiProblem header(String name, String value) {
		this.headers.add(name, value);
		return this;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	public ProblemDetail toProblemDetail(String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
		problem.setType(URI.create(this.type));
		problem.setTitle(this.title);
		if (!path.isEmpty()) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException ex) {
				// A path Tomcat refused to parse may be no URI at all; the problem then
				// has no instance.
			}
		}
		this.properties.forEach(problem::setProperty);
		return problem;
	}

}
