package dev.pipeline.ingress.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: exponential backoff from
 * {@code ingress.webhooks.retry-initial}, doubling per failed attempt up to
 * {@code retry-max}, of which a random part of up to half is taken off (jitter), so the
 * deliveries of many jobs that failed together do not come back together. None once
 * {@code give-up-after} has passed since the delivery was created. A pure function: the
 * schedule is kept in the delivery's row ({@code next_attempt_at}), not in a loop of some
 * instance, so it survives restarts and any instance continues it.
 */
final class RetrySchedule {

	private final Duration initial;

	private final Duration max;

	private final Duration giveUpAfter;

	RetrySchedule(Duration initial, Duration max, Duration giveUpAfter) {
		this.initial = initial;
		this.max = max;
		this.giveUpAfter = giveUpAfter;
	}

	static RetrySchedule of(WebhookProperties properties) {
		return new RetrySchedule(properties.retryInitial(), properties.retryMax(), properties.giveUpAfter());
	}

	/**
	 * @param attempts the attempts made so far, the failed one included (1 or more)
	 * @param random a number in [0, 1): how much jitter to take off
	 * @return the next attempt's time, or empty when the delivery is to be given up
	 */
	Optional<Instant> next(Instant createdAt, int attempts, Instant now, double random) {
		Duration delay = delay(attempts);
		Duration jittered = delay.minus(Duration.ofNanos((long) (delay.toNanos() / 2.0 * random)));
		Instant next = now.plus(jittered);
		return next.isAfter(createdAt.plus(this.giveUpAfter)) ? Optional.empty() : Optional.of(next);
	}

	/** The delay before jitter: initial × 2^(attempts − 1), at most {@code max}. */
	Duration delay(int attempts) {
		int doublings = Math.min(Math.max(attempts - 1, 0), 30);
		Duration delay = this.initial.multipliedBy(1L << doublings);
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

}
