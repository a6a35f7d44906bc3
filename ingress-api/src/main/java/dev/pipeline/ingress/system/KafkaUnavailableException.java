package dev.pipeline.ingress.system;

/**
 * Kafka did not acknowledge a request in time, so nothing was accepted. Thrown by every
 * path that puts a request on Kafka (a job, a synchronous prediction, an analysis) and
 * answered in one place, {@link DependencyFailures}: 503 {@code kafka-unavailable} with
 * {@code Retry-After}. The callers give back what they charged before it reaches the
 * client.
 */
public class KafkaUnavailableException extends RuntimeException {

	public KafkaUnavailableException(Throwable cause) {
		super("Kafka did not accept a request: " + cause, cause);
	}

}
