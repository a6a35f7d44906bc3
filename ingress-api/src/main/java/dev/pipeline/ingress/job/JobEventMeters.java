package dev.pipeline.ingress.job;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The meters of the job event streams (docs/observability.md, "Ingress metrics"): how
 * many are open, how many events they sent, how many were refused and why, and how often
 * the instance had to listen for job changes again. Every series exists from the start,
 * so a rate over a refusal that never happened reads 0, not nothing.
 */
@Component
class JobEventMeters {

	/** Why a stream was refused; the tag value is the problem type's slug. */
	enum Refusal {

		/** The instance has {@code ingress.jobs.events.max-streams} open. */
		CAP("cap"),

		/** PostgreSQL did not answer while the stream opened. */
		DATABASE_UNAVAILABLE("database-unavailable");

		private final String tag;

		Refusal(String tag) {
			this.tag = tag;
		}

	}

	private final MeterRegistry registry;

	private final Counter sent;

	private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

	private final Counter reconnects;

	JobEventMeters(MeterRegistry registry) {
		this.registry = registry;
		this.sent = Counter.builder("pipeline.job.events.sent")
			.description("Job states sent on event streams (keep-alive comments not counted)")
			.register(registry);
		for (Refusal refusal : Refusal.values()) {
			this.refused.put(refusal,
					Counter.builder("pipeline.job.events.refused")
						.description("Job event streams refused with 503")
						.tag("reason", refusal.tag)
						.register(registry));
		}
		this.reconnects = Counter.builder("pipeline.job.notifications.reconnects")
			.description("Times the instance listened for job changes again after losing its connection")
			.register(registry);
	}

	/** Registers the gauge of open streams, read from their owner. */
	void openStreams(Supplier<Number> open) {
		Gauge.builder("pipeline.job.events.streams", open)
			.description("Job event streams open on this instance")
			.register(this.registry);
	}

	void sent() {
		this.sent.increment();
	}

	void refused(Refusal refusal) {
		this.refused.get(refusal).increment();
	}

	void reconnected() {
		this.reconnects.increment();
	}

}
