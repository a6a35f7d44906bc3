package dev.pipeline.ingress.quota;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Quota settings ({@code quota.*}); the limits themselves are per account.
 *
 * @param syncInterval how often usage moves from Redis to PostgreSQL: the most usage a
 * Redis restart without persistence can lose
 * @param syncBatchRetention how long applied sync batches are kept to recognise a
 * redelivery
 * @param exhaustedRetryAfter the {@code Retry-After} of a quota refusal: quotas do not
 * renew by themselves, so this only paces clients that poll for a raised limit
 * @param chargeIdRetention how long Redis remembers a request's charge id (that it was
 * charged or refunded): the longest time within which a repeated charge or refund of the
 * same request, or the settlement after an ambiguous Redis timeout, is recognised. Costs
 * one small key per request for this long.
 */
@Validated
@ConfigurationProperties("ingress.quota")
public record QuotaProperties(@DefaultValue("5s") @NotNull Duration syncInterval,
		@DefaultValue("1d") @NotNull Duration syncBatchRetention,
		@DefaultValue("1h") @NotNull Duration exhaustedRetryAfter,
		@DefaultValue("10m") @NotNull Duration chargeIdRetention) {

}
