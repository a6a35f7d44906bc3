package dev.pipeline.analyst.gemini;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the analyst calls Gemini (docs/analysis.md, "Configuration").
 *
 * @param apiKey the API key; blank means no Gemini at all, every report is rule-based
 * ({@code GEMINI_API_KEY} by default)
 * @param baseUrl the API's base URL; blank means the SDK's default (Google's endpoint),
 * set it to use a proxy or a fake server ({@code GOOGLE_GEMINI_BASE_URL} by default)
 * @param model the model that writes reports
 * @param requestTimeout timeout of one HTTP call (connect, read and write)
 * @param maxAttempts upstream calls per report at most, the first one included
 * @param initialBackoff cap of the first backoff; the cap doubles per retry
 * @param maxBackoff largest backoff cap
 * @param budget total time a report may spend on Gemini, backoffs included; a retry that
 * would not fit is not attempted
 * @param quotaCalls upstream calls allowed across all analyst instances per
 * {@code quotaWindow}
 * @param quotaWindow the sliding window of the global quota
 * @param quotaKey the Redis key of the global quota
 * @param maxOutputTokens cap on the report's length
 */
@Validated
@ConfigurationProperties("analyst.gemini")
public record GeminiProperties(@DefaultValue("") String apiKey, @DefaultValue("") String baseUrl,
		@DefaultValue("gemini-2.5-flash-lite") @NotBlank String model,
		@DefaultValue("10s") @NotNull Duration requestTimeout, @DefaultValue("4") @Min(1) int maxAttempts,
		@DefaultValue("500ms") @NotNull Duration initialBackoff, @DefaultValue("8s") @NotNull Duration maxBackoff,
		@DefaultValue("20s") @NotNull Duration budget, @DefaultValue("10") @Min(0) int quotaCalls,
		@DefaultValue("60s") @NotNull Duration quotaWindow, @DefaultValue("analysis:gemini-quota") String quotaKey,
		@DefaultValue("1024") @Min(64) int maxOutputTokens) {

	public boolean enabled() {
		return !this.apiKey.isBlank();
	}

}
