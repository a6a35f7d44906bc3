package dev.pipeline.predictor.batching;

/**
 * A queued request whose deadline passed before its batch started; it is not computed.
 */
public class RequestExpiredException extends RuntimeException {

	public RequestExpiredException() {
		super("The request's deadline passed while it was queued");
	}

}
