package dev.pipeline.local;

/**
 * A start-up problem the user can fix; its message says what to change and is printed
 * alone, without a stack trace.
 */
public class LocalStackException extends RuntimeException {

	public LocalStackException(String message) {
		super(message);
	}

	public LocalStackException(String message, Throwable cause) {
		super(message, cause);
	}

}
