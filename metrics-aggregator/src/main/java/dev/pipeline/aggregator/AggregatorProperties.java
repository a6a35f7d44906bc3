package dev.pipeline.aggregator;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the metrics-aggregator ({@code aggregator.*}); every value has a default so
 * the yml stays short. See docs/metrics.md.
 */
@Validated
@ConfigurationProperties("aggregator")
public record AggregatorProperties(@Valid @DefaultValue Topics topics, @Valid @DefaultValue Windows windows,
		@Valid @DefaultValue Retention retention, @Valid @DefaultValue Thresholds thresholds) {

	/**
	 * The topics' names are the contract's behind {@code pipeline.topics.prefix}
	 * ({@link AggregatorTopics}).
	 *
	 * @param windowsPartitions partitions of the window-update topic, created at start
	 * (compacted)
	 */
	public record Topics(@DefaultValue("3") int windowsPartitions) {
	}

	/**
	 * @param size length of the tumbling windows
	 * @param grace how late (in stream time) a result may arrive and still count in its
	 * window: long enough to cover a restart of the aggregator, whose catch-up reads
	 * partitions unevenly (docs/metrics.md, "Which time a window uses")
	 * @param lowConfidenceBelow an output whose score is below this counts as low
	 * confidence
	 * @param dedupeRetention how long result ids are remembered to drop duplicate
	 * deliveries
	 * @param clockSkew how far a result's {@code completedAt} may be ahead of its
	 * record's timestamp; also taken off the grace to bound how long before its record a
	 * result may have completed (docs/metrics.md, "Which time a window uses")
	 * @param alertAfter how long after a window's end (in stream time) it is checked
	 * against its model's thresholds; independent of the grace, so a long grace does not
	 * delay alerts (docs/metrics.md, "Thresholds and alerts")
	 */
	public record Windows(@NotNull @DefaultValue("1m") Duration size, @NotNull @DefaultValue("5m") Duration grace,
			@DecimalMin("0") @DecimalMax("1") @DefaultValue("0.6") double lowConfidenceBelow,
			@NotNull @DefaultValue("1h") Duration dedupeRetention, @NotNull @DefaultValue("2s") Duration clockSkew,
			@NotNull @DefaultValue("10s") Duration alertAfter) {

		/**
		 * How long before its record's timestamp a result may have completed and still be
		 * windowed at its completion: the grace less the clock skew, so that a result
		 * appended in order is never later than the grace.
		 */
		public Duration maxDeliveryDelay() {
			return this.grace.minus(this.clockSkew);
		}

		@AssertTrue(message = "clock-skew must be at least zero and shorter than grace")
		public boolean isClockSkewWithinGrace() {
			return !this.clockSkew.isNegative() && this.clockSkew.compareTo(this.grace) < 0;
		}

		@AssertTrue(message = "alert-after must be at least zero and at most grace")
		public boolean isAlertAfterWithinGrace() {
			return !this.alertAfter.isNegative() && this.alertAfter.compareTo(this.grace) <= 0;
		}

	}

	/**
	 * @param results how long per-request results and jobs are kept
	 * @param windows how long window aggregates are kept
	 * @param purgeInterval how often old rows are deleted
	 */
	public record Retention(@NotNull @DefaultValue("24h") Duration results,
			@NotNull @DefaultValue("30d") Duration windows, @NotNull @DefaultValue("10m") Duration purgeInterval) {
	}

	/**
	 * @param reloadInterval how often thresholds are read again from PostgreSQL
	 */
	public record Thresholds(@NotNull @DefaultValue("10s") Duration reloadInterval) {
	}

}
