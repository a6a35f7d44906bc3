package dev.pipeline.ingress.prediction;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the prediction routes.
 *
 * @param requestsTopic where requests are produced
 * @param repliesTopic where the workers answer synchronous callers; every ingress instance of
 * one deployment reads it in the group {@code replyGroupId}, so there can be at most as many
 * instances as the topic has partitions (see docs/api.md)
 * @param replyGroupId consumer group shared by the ingress instances on {@code repliesTopic}
 * @param defaultWait how long a synchronous call waits for its result before it becomes a job
 * @param maxWait the largest wait a client may ask for with {@code Prefer: wait=}
 * @param requestDeadline how long after submission a request may still be computed; longer
 * than {@code maxWait} so a request handed back as a job can still finish
 * @param maxInstances the most input instances one request may carry
 * @param sendTimeout how long to wait for Kafka to acknowledge a request
 * @param assignmentTimeout how long start-up waits for reply partitions to be assigned
 */
@Validated
@ConfigurationProperties("ingress.prediction")
public record PredictionProperties(@NotBlank @DefaultValue("inference.requests") String requestsTopic,
		@NotBlank @DefaultValue("inference.replies") String repliesTopic,
		@NotBlank @DefaultValue("ingress-replies") String replyGroupId,
		@NotNull @DefaultValue("5s") Duration defaultWait, @NotNull @DefaultValue("30s") Duration maxWait,
		@NotNull @DefaultValue("10m") Duration requestDeadline, @Min(1) @DefaultValue("64") int maxInstances,
		@NotNull @DefaultValue("10s") Duration sendTimeout, @NotNull @DefaultValue("30s") Duration assignmentTimeout) {

	@AssertTrue(message = "request-deadline must be longer than max-wait, or a request that became a job would expire")
	public boolean isDeadlineAfterMaxWait() {
		return this.requestDeadline == null || this.maxWait == null || this.requestDeadline.compareTo(this.maxWait) > 0;
	}

	@AssertTrue(message = "default-wait must not exceed max-wait")
	public boolean isDefaultWaitWithinMax() {
		return this.defaultWait == null || this.maxWait == null || this.defaultWait.compareTo(this.maxWait) <= 0;
	}

}
