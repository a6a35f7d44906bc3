package dev.pipeline.ingress.job;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long a job stays readable; older ones answer 404 (the
 * metrics-aggregator purges them)
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} maps to its job; after
 * that the key may be used for a new job
 * @param relayInterval how often the outbox relay looks for jobs not yet on Kafka
 * @param sendLease how long the submitting instance keeps a job's outbox row to itself
 * while it sends the request; after that the relay of any instance may send it. Longer
 * than {@code ingress.prediction.send-timeout} (checked at start-up), so the relay does
 * not send a request its submitter is still sending
 * @param maxUndelivered how many jobs may wait in the outbox (Kafka unreachable) before
 * new submissions are refused with 503 {@code kafka-unavailable}
 * @param reaperInterval how often the reaper looks for jobs past their deadline
 * @param expiryGrace how long after its deadline a job may still get its result (worker
 * retries, aggregator lag) before the reaper answers it EXPIRED
 */
@Validated
@ConfigurationProperties("ingress.jobs")
public record JobProperties(@NotNull @DefaultValue("24h") Duration retention,
		@NotNull @DefaultValue("24h") Duration idempotencyKeyTtl, @NotNull @DefaultValue("1s") Duration relayInterval,
		@NotNull @DefaultValue("30s") Duration sendLease, @Positive @DefaultValue("10000") int maxUndelivered,
		@NotNull @DefaultValue("30s") Duration reaperInterval, @NotNull @DefaultValue("5m") Duration expiryGrace) {
}
