package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;

/**
 * What became of one synchronous wait on a request Kafka acknowledged, or could not be
 * sent with a reply address. (A request Kafka did not acknowledge is a
 * {@code KafkaUnavailableException}.)
 *
 * @param result the reply, when {@link Kind#REPLIED}
 */
record ReplyOutcome(Kind kind, @Nullable InferenceResult result) {

	enum Kind {

		/** The worker answered within the budget. */
		REPLIED,
		/** Kafka holds the request but no reply came in time: the caller gets a job. */
		TIMED_OUT,
		/**
		 * This instance owns no reply partition right now (rebalance): nothing was sent.
		 */
		UNROUTABLE

	}

	static ReplyOutcome replied(InferenceResult result) {
		return new ReplyOutcome(Kind.REPLIED, result);
	}

	static ReplyOutcome timedOut() {
		return new ReplyOutcome(Kind.TIMED_OUT, null);
	}

	static ReplyOutcome unroutable() {
		return new ReplyOutcome(Kind.UNROUTABLE, null);
	}

}
