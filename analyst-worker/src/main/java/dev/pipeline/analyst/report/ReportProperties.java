package dev.pipeline.analyst.report;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Report cache and stampede protection (docs/analysis.md).
 *
 * @param cacheTtl how long a Gemini report is served from the cache
 * @param fallbackTtl how long a rule-based report is served from the cache: shorter, so
 * Gemini gets another chance soon, long enough that a failing Gemini is not asked on
 * every request
 * @param byIdTtl how long a report stays readable by its id (the ingress' poll endpoint)
 * @param lockTtl lifetime of the computing instance's lock; longer than the Gemini budget
 * plus the snapshot query, so it only expires when its holder died
 * @param maxWait how long a request waits for another instance's result before writing a
 * rule-based report of its own
 */
@Validated
@ConfigurationProperties("analyst.reports")
public record ReportProperties(@DefaultValue("300s") @NotNull Duration cacheTtl,
		@DefaultValue("60s") @NotNull Duration fallbackTtl, @DefaultValue("1h") @NotNull Duration byIdTtl,
		@DefaultValue("30s") @NotNull Duration lockTtl, @DefaultValue("45s") @NotNull Duration maxWait) {

}
