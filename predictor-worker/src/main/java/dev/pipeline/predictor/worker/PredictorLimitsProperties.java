package dev.pipeline.predictor.worker;

import dev.pipeline.contracts.RequestLimits;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What one request may ask of the worker, under {@code predictor.limits}: the worker
 * enforces these again for direct producers, whose records never passed the ingress. A
 * limit left unset keeps the contract's default ({@link RequestLimits#DEFAULTS}), the one
 * the ingress enforces, so both entrances promise the same unless an operator changes one
 * on purpose.
 *
 * @param maxInstances instances in one request (unset: {@code RequestLimits.DEFAULTS},
 * 64)
 * @param maxTextLength characters in one text (unset: 10,000)
 * @param maxTotalTextLength characters of all texts of one request together (unset:
 * 200,000)
 * @param maxSeriesLength points in one number series (unset: 10,000)
 * @param maxTotalPoints points of all series of one request together (unset: 20,000)
 * @param maxParameters entries in {@code parameters} (unset: 16)
 */
@Validated
@ConfigurationProperties("predictor.limits")
public record PredictorLimitsProperties(@Nullable @Positive Integer maxInstances,
		@Nullable @Positive Integer maxTextLength, @Nullable @Positive Integer maxTotalTextLength,
		@Nullable @Positive Integer maxSeriesLength, @Nullable @Positive Integer maxTotalPoints,
		@Nullable @PositiveOrZero Integer maxParameters) {

	/**
	 * The limits in force; throws when they contradict each other (e.g. a total below one
	 * instance's).
	 */
	public RequestLimits requestLimits() {
		return RequestLimits.withDefaults(this.maxInstances, this.maxTextLength, this.maxTotalTextLength,
				this.maxSeriesLength, this.maxTotalPoints, this.maxParameters);
	}

}
