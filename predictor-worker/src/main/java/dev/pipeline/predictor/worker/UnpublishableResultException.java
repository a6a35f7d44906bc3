package dev.pipeline.predictor.worker;

/**
 * Kafka refused a request's result for a reason retrying cannot cure (not its size: that
 * becomes a RESULT_TOO_LARGE result). The request is dead-lettered with this message as
 * the reason.
 */
class UnpublishableResultException extends RuntimeException {

	UnpublishableResultException(String message, Throwable cause) {
		super(message, cause);
	}

}
