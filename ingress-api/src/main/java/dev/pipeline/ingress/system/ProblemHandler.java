package dev.pipeline.ingress.system;

import java.io.EOFException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipException;

import dev.pipeline.contracts.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure as RFC 9457 problem+json, built in one place ({@link #respond});
 * on the Open Inference Protocol's routes as its error object
 * ({@link InferenceProtocolErrors}). Client faults are logged at debug, server faults at
 * error; stack traces never leave the process.
 */
@RestControllerAdvice
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final long maxBodyBytes;

	ProblemHandler(HttpEdgeProperties properties) {
		this.maxBodyBytes = properties.maxBodySize().toBytes();
	}

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<Object> onApiProblem(ApiProblem problem, HttpServletRequest request) {
		return respond(problem, request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Object> onUnreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		// A streamed body cut off by BodySizeLimitFilter reaches us wrapped by the JSON
		// reader.
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException) {
				return respond(BodySizeLimitFilter.tooLarge(this.maxBodyBytes), request);
			}
			if (cause instanceof ZipException || cause instanceof EOFException) {
				// Content-Encoding: gzip over bytes that are not gzip, or cut short.
				return respond(new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-content-encoding",
						"Malformed compressed body", "The body is not valid gzip data."), request);
			}
		}
		return respond(new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
				"The request body is not valid JSON for this endpoint."), request);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<Object> onInvalid(MethodArgumentNotValidException ex, HttpServletRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ProblemHandler::fieldProblem)
			.toList();
		return respond(ApiProblem.invalidInput(errors), request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Object> onMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		return respond(new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
				"Unsupported media type", "Send the body as application/json."), request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Object> onMethod(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		ApiProblem problem = new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed",
				"This resource does not support " + ex.getMethod() + ".");
		// RFC 9110 §15.5.6: a 405 names the methods the resource does support.
		Set<HttpMethod> supported = ex.getSupportedHttpMethods();
		if (supported != null && !supported.isEmpty()) {
			problem.header(HttpHeaders.ALLOW,
					supported.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
		}
		return respond(problem, request);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<Object> onNotFound(NoResourceFoundException ex, HttpServletRequest request) {
		return respond(new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource."), request);
	}

	@ExceptionHandler({ MissingRequestHeaderException.class, MethodArgumentTypeMismatchException.class })
	ResponseEntity<Object> onBadParameter(Exception ex, HttpServletRequest request) {
		return respond(new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", ex.getMessage()), request);
	}

	/**
	 * Tomcat decodes query parameters lazily, when a handler first asks for one; a value
	 * that is not valid UTF-8 (or too many parameters) then throws here instead of at the
	 * edge.
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> onUndecodableParameter(InvalidParameterException ex, HttpServletRequest request) {
		return respond(new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
				"A query parameter could not be decoded: parameters must be percent-encoded UTF-8."), request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> onUnexpected(Exception ex, HttpServletRequest request) {
		// A dependency that failed (possibly wrapped in another exception) is no fault of
		// ours: 503.
		Optional<ApiProblem> unavailable = DependencyFailures.problemFor(ex);
		if (unavailable.isPresent()) {
			log.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(),
					unavailable.get().status().value(), ex.toString());
			return respond(unavailable.get(), request);
		}
		log.error("Unhandled failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return respond(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"The server failed to handle the request; it has been logged."), request);
	}

	private ResponseEntity<Object> respond(ApiProblem handlerProblem, HttpServletRequest request) {
		ApiProblem problem = DeferredCheck.precedingOr(request, handlerProblem);
		if (problem.status().is5xxServerError()) {
			log.warn("{} on {}: {}", problem.status().value(), request.getRequestURI(), problem.getMessage());
		}
		else {
			log.debug("{} on {}: {}", problem.status().value(), request.getRequestURI(), problem.getMessage());
		}
		HttpHeaders headers = new HttpHeaders();
		headers.addAll(problem.headers());
		if (InferenceProtocolErrors.covers(request.getRequestURI())) {
			return ResponseEntity.status(InferenceProtocolErrors.status(problem))
				.headers(headers)
				.contentType(MediaType.APPLICATION_JSON)
				.body(InferenceProtocolErrors.body(problem));
		}
		HttpStatusCode status = problem.status();
		return ResponseEntity.status(status).headers(headers).body(problem.toProblemDetail(request.getRequestURI()));
	}

	private static FieldProblem fieldProblem(FieldError error) {
		return new FieldProblem(error.getField(),
				(error.getDefaultMessage() == null) ? "is invalid" : error.getDefaultMessage());
	}

}
