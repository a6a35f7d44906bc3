package dev.pipeline.predictor.worker;

/**
 * A request record the worker cannot answer: no usable id, or a result Kafka refuses for
 * good. Its message is the reason the dead-letter record carries.
 */
class UnanswerableRequestException extends RuntimeException {

	UnanswerableRequestException(String reason) {
		super(reason);
	}

}
