package dev.pipeline.ingress.prediction;

import java.time.Duration;

import dev.pipeline.contracts.RequestLimits;
import dev.pipeline.ingress.system.WaitPreference;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the prediction routes.
 *
 * @param replyGroupId consumer group shared by the ingress instances on the reply topic
 * ({@code inference.replies} behind {@code pipeline.topics.prefix}); every instance of
 * one deployment reads it in this group, so there can be at most as many instances as the
 * topic has partitions (see docs/api.md)
 * @param defaultWait how long a synchronous call waits for its result before it becomes a
 * job
 * @param maxWait the largest wait a client may ask for with {@code Prefer: wait=}
 * @param requestDeadline how long after submission a request may still be computed;
 * longer than {@code maxWait} so a request handed back as a job can still finish
 * @param limits what one request may ask for
 * @param sendTimeout how long to wait for Kafka to acknowledge a request
 * @param assignmentTimeout how long start-up waits for reply partitions to be assigned
 */
@Validated
@ConfigurationProperties("ingress.prediction")
public record PredictionProperties(@NotBlank @DefaultValue("ingress-replies") String replyGroupId,
		@NotNull @DefaultValue("5s") Duration defaultWait, @NotNull @DefaultValue("30s") Duration maxWait,
		@NotNull @DefaultValue("10m") Duration requestDeadline, @Valid @DefaultValue Limits limits,
		@NotNull @DefaultValue("10s") Duration sendTimeout, @NotNull @DefaultValue("30s") Duration assignmentTimeout) {

	/**
	 * {@code ingress.prediction.limits.*}: what one request may ask for. The worker
	 * enforces the same {@link RequestLimits} for direct producers, so a limit left unset
	 * here takes the shared default of {@link RequestLimits#DEFAULTS}; raise one only
	 * with the worker's.
	 *
	 * @param maxInstances instances in one request (unset:
	 * {@code RequestLimits.DEFAULTS}, 64)
	 * @param maxTextLength characters in one text (unset: 10,000)
	 * @param maxTotalTextLength characters of all texts of one request together (unset:
	 * 200,000)
	 * @param maxSeriesLength points in one number series (unset: 10,000)
	 * @param maxTotalPoints points of all series of one request together (unset: 20,000)
	 * @param maxParameters entries in {@code parameters} (unset: 16)
	 */
	public record Limits(@Nullable @Positive Integer maxInstances, @Nullable @Positive Integer maxTextLength,
			@Nullable @Positive Integer maxTotalTextLength, @Nullable @Positive Integer maxSeriesLength,
			@Nullable @Positive Integer maxTotalPoints, @Nullable @PositiveOrZero Integer maxParameters) {

		/** No limit configured: every one is the shared default. */
		public static final Limits DEFAULTS = new Limits(null, null, null, null, null, null);

		/**
		 * The configured limits, with the shared default for each one left unset.
		 * @throws IllegalArgumentException when a total is below its per-instance limit
		 */
		public RequestLimits requestLimits() {
			return RequestLimits.withDefaults(this.maxInstances, this.maxTextLength, this.maxTotalTextLength,
					this.maxSeriesLength, this.maxTotalPoints, this.maxParameters);
		}

		@AssertTrue(message = "must be consistent: no total below its per-instance limit")
		public boolean isConsistent() {
			try {
				requestLimits();
				return true;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

	}

	/**
	 * The wait budget of a request that sent this {@code Prefer} header (or none), within
	 * these settings: the one reading for every synchronous prediction route.
	 */
	public WaitPreference waitPreference(@Nullable String prefer) {
		return WaitPreference.of(prefer, this.defaultWait, this.maxWait);
	}

	@AssertTrue(message = "request-deadline must be longer than max-wait, or a request that became a job would expire")
	public boolean isDeadlineAfterMaxWait() {
		return this.requestDeadline == null || this.maxWait == null || this.requestDeadline.compareTo(this.maxWait) > 0;
	}

	@AssertTrue(message = "default-wait must not exceed max-wait")
	public boolean isDefaultWaitWithinMax() {
		return this.defaultWait == null || this.maxWait == null || this.defaultWait.compareTo(this.maxWait) <= 0;
	}

}
