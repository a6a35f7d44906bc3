package dev.pipeline.ingress.webhook;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job webhooks ({@code callbackUrl}).
 *
 * @param allowPrivateTargets whether a callback URL may resolve to a loopback,
 * link-local, private (site-local, unique-local), unspecified or multicast address. Off:
 * such a URL is refused at submission (400) and at delivery, so a client cannot make the
 * ingress call into its own network (SSRF). Turn on only where every reachable address is
 * meant to receive webhooks (a test, a private deployment)
 * @param maxUrlLength the longest callback URL accepted
 * @param connectTimeout how long a delivery waits to connect to one address of the
 * receiver (every address of its host is checked, the first three are tried)
 * @param readTimeout how long a delivery waits for the receiver's answer. However slowly
 * the receiver sends it, an attempt ends after three connect timeouts plus this
 * @param pollInterval how often each instance looks for deliveries that are due
 * @param retryInitial the wait after the first failed attempt; it doubles after each
 * further failure (with random jitter of up to half of it), up to {@code retryMax}
 * @param retryMax the longest wait between two attempts
 * @param giveUpAfter how long after the job's final state a delivery is still tried; then
 * it is recorded as failed. Below {@code ingress.jobs.retention}, after which the job and
 * its delivery are purged
 */
@Validated
@ConfigurationProperties("ingress.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateTargets,
		@Positive @DefaultValue("2048") int maxUrlLength, @NotNull @DefaultValue("2s") Duration connectTimeout,
		@NotNull @DefaultValue("5s") Duration readTimeout, @NotNull @DefaultValue("1s") Duration pollInterval,
		@NotNull @DefaultValue("5s") Duration retryInitial, @NotNull @DefaultValue("10m") Duration retryMax,
		@NotNull @DefaultValue("6h") Duration giveUpAfter) {
}
