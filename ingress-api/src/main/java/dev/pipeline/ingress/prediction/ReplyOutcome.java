package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.InferenceResult;
import org.jspecify.annotations.Nullable;

/**
 * What became of one synchronous wait.
 *
 * @param result the reply, when {@link Kind#REPLIED}
 */
record ReplyOutcome(Kind kind, @Nullable InferenceResult result, @Nullable Throwable failure) {

	enum Kind {

		/** The worker answered within the budget. */
		REPLIED,
		/** Kafka holds the request but no reply came in time: the caller gets a job. */
		TIMED_OUT,
		/** Kafka did not acknowledge the request: nothing was accepted. */
		NOT_SENT,
		/**
		 * This instance owns no reply partition right now (rebalance): nothing was sent.
		 */
		UNROUTABLE

	}

	static ReplyOutcome replied(InferenceResult result) {
		return new ReplyOutcome(Kind.REPLIED, result, null);
	}

	static ReplyOutcome timedOut() {
		return new ReplyOutcome(Kind.TIMED_OUT, null, null);
	}

	static ReplyOutcome notSent(Throwable failure) {
		return new ReplyOutcome(Kind.NOT_SENT, null, failure);
	}

	static ReplyOutcome unroutable() {
		return new ReplyOutcome(Kind.UNROUTABLE, null, null);
	}

}
