package dev.pipeline.ingress.metrics;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and defaults of the metrics API ({@code metrics-api.*}).
 *
 * @param defaultRange how far back {@code /v1/metrics} and the summary look when not told
 * @param defaultStep bucket size of {@code /v1/metrics} when not told
 * @param maxPoints most buckets one time series may have (422 beyond)
 * @param maxRange longest span one query may cover (422 beyond)
 * @param maxWindows most aggregation windows (rows) one query may merge (422 beyond):
 * each costs a histogram decode and merge, so this bounds the work of a query however
 * many models and versions the range holds
 * @param defaultAlertsSince how far back {@code /v1/alerts} looks when not told
 */
@Validated
@ConfigurationProperties("ingress.metrics")
public record MetricsApiProperties(@NotNull @DefaultValue("1h") Duration defaultRange,
		@NotNull @DefaultValue("1m") Duration defaultStep, @Min(1) @DefaultValue("1440") int maxPoints,
		@NotNull @DefaultValue("31d") Duration maxRange, @Min(1) @DefaultValue("100000") int maxWindows,
		@NotNull @DefaultValue("24h") Duration defaultAlertsSince) {
}
