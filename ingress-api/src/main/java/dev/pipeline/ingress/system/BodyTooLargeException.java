package dev.pipeline.ingress.system;

import java.io.IOException;

/**
 * Thrown while a streamed request body is read past the configured limit. It surfaces
 * wrapped in the JSON converter's exception, and {@link ProblemHandler} turns it into a
 * 413.
 */
class BodyTooLargeException extends IOException {

	BodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes.");
	}

}
