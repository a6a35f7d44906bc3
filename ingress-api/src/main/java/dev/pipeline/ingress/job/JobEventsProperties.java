package dev.pipeline.ingress.job;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The event streams of {@code GET /v1/jobs/{id}/events}.
 *
 * @param keepAlive how often an open stream gets a {@code : keep-alive} comment, so
 * proxies and clients do not take a quiet stream for a dead one
 * @param maxDuration the longest a stream stays open; then it closes and the client
 * resumes with {@code Last-Event-ID}. Longer than a job's deadline
 * ({@code ingress.prediction.request-deadline}) plus {@code ingress.jobs.expiry-grace}
 * and the reaper's interval, so a stream normally ends with the job's final state
 * @param maxStreams how many streams one instance keeps open at once; beyond it a new
 * stream is refused with 503 and {@code Retry-After}
 * @param listenRetry how long the instance waits before it listens again after its
 * PostgreSQL connection for notifications failed
 */
@Validated
@ConfigurationProperties("ingress.jobs.events")
public record JobEventsProperties(@NotNull @DefaultValue("15s") Duration keepAlive,
		@NotNull @DefaultValue("20m") Duration maxDuration, @Positive @DefaultValue("1000") int maxStreams,
		@NotNull @DefaultValue("2s") Duration listenRetry) {
}
