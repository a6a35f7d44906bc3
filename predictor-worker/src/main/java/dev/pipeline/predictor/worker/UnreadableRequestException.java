package dev.pipeline.predictor.worker;

/** A request record whose bytes cannot be turned into a request with an id. */
class UnreadableRequestException extends RuntimeException {

	UnreadableRequestException(String reason) {
		super(reason);
	}

}
