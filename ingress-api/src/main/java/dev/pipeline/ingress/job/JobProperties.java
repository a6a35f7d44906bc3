package dev.pipeline.ingress.job;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retention how long a job stays readable; older ones answer 404 (the
 * metrics-aggregator purges them)
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} maps to its job; after
 * that the key may be used for a new job
 */
@Validated
@ConfigurationProperties("ingress.jobs")
public record JobProperties(@NotNull @DefaultValue("24h") Duration retention,
		@NotNull @DefaultValue("24h") Duration idempotencyKeyTtl) {
}
