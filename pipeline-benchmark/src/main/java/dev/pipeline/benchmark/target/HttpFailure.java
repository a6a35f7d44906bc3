package dev.pipeline.benchmark.target;

/**
 * A response the scenario did not expect; counted as an error of the point, with its
 * status.
 */
public final class HttpFailure extends Exception {

	public HttpFailure(String what, int status, String body) {
		super(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
	}

}
