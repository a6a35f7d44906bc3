package dev.pipeline.contracts;

import org.jspecify.annotations.Nullable;

/**
 * What one inference request may ask for. The ingress enforces these at the edge (422
 * with the limit in words) and the predictor worker enforces them again for direct Kafka
 * producers (a FAILED result), so both entrances promise the same thing.
 *
 * <p>
 * The limits exist to keep every result far below Kafka's 1 MiB record limit and every
 * batch within a bounded time: a Kalman result carries about 20 bytes of JSON per point,
 * so {@link #maxTotalPoints} points make a result of a few hundred KiB at most.
 *
 * @param maxInstances instances in one request
 * @param maxTextLength characters in one text instance (the encoder reads at most a few
 * hundred tokens; longer texts only cost transfer and tokenisation)
 * @param maxTotalTextLength characters of all text instances of one request together
 * @param maxSeriesLength points in one number series
 * @param maxTotalPoints points of all series of one request together
 * @param maxParameters entries in {@code parameters}
 */
public record RequestLimits(int maxInstances, int maxTextLength, int maxTotalTextLength, int maxSeriesLength,
		int maxTotalPoints, int maxParameters) {

	/** The defaults both services use unless configured otherwise. */
	public static final RequestLimits DEFAULTS = new RequestLimits(64, 10_000, 200_000, 10_000, 20_000, 16);

	/**
	 * Configured limits over the defaults: each {@code null} (not configured) takes the
	 * value of {@link #DEFAULTS}, so the numbers live in one place for the ingress and
	 * the worker alike.
	 * @throws IllegalArgumentException when the result is inconsistent (a total below one
	 * instance's)
	 */
	public static RequestLimits withDefaults(@Nullable Integer maxInstances, @Nullable Integer maxTextLength,
			@Nullable Integer maxTotalTextLength, @Nullable Integer maxSeriesLength, @Nullable Integer maxTotalPoints,
			@Nullable Integer maxParameters) {
		return new RequestLimits(or(maxInstances, DEFAULTS.maxInstances), or(maxTextLength, DEFAULTS.maxTextLength),
				or(maxTotalTextLength, DEFAULTS.maxTotalTextLength), or(maxSeriesLength, DEFAULTS.maxSeriesLength),
				or(maxTotalPoints, DEFAULTS.maxTotalPoints), or(maxParameters, DEFAULTS.maxParameters));
	}

	private static int or(@Nullable Integer configured, int fallback) {
		return (configured != null) ? configured : fallback;
	}

	public RequestLimits {
		if (maxInstances < 1 || maxTextLength < 1 || maxTotalTextLength < maxTextLength || maxSeriesLength < 1
				|| maxTotalPoints < maxSeriesLength || maxParameters < 0) {
			throw new IllegalArgumentException(
					"Inconsistent request limits: " + maxInstances + ", " + maxTextLength + ", " + maxTotalTextLength
							+ ", " + maxSeriesLength + ", " + maxTotalPoints + ", " + maxParameters);
		}
	}

}
