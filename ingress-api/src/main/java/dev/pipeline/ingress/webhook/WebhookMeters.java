package dev.pipeline.ingress.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The meters of webhook delivery (docs/observability.md): every attempt counted once by
 * its outcome and timed, and the deliveries still pending.
 */
@Component
class WebhookMeters {

	static final String ATTEMPTS = "pipeline.webhooks.attempts";

	static final String ATTEMPT_DURATION = "pipeline.webhooks.attempt.duration";

	static final String PENDING = "pipeline.webhooks.pending";

	private final Counter delivered;

	private final Counter failed;

	private final Counter givenUp;

	private final Timer duration;

	/** Not a number until this instance has counted once. */
	private volatile double pending = Double.NaN;

	WebhookMeters(MeterRegistry meters) {
		this.delivered = attempts(meters, "delivered");
		this.failed = attempts(meters, "failed");
		this.givenUp = attempts(meters, "given-up");
		this.duration = Timer.builder(ATTEMPT_DURATION)
			.description("One webhook delivery attempt: resolving, connecting, sending and recording its outcome")
			.register(meters);
		Gauge.builder(PENDING, this, (self) -> self.pending)
			.description("Webhook deliveries neither delivered nor given up, of all instances")
			.strongReference(true)
			.register(meters);
	}

	private static Counter attempts(MeterRegistry meters, String outcome) {
		return Counter.builder(ATTEMPTS)
			.description("Webhook delivery attempts by outcome: delivered, failed (retried later), given-up (failed,"
					+ " and the last)")
			.tag("outcome", outcome)
			.register(meters);
	}

	Timer duration() {
		return this.duration;
	}

	void delivered() {
		this.delivered.increment();
	}

	void failed() {
		this.failed.increment();
	}

	void givenUp() {
		this.givenUp.increment();
	}

	void pending(long count) {
		this.pending = count;
	}

}
