package dev.pipeline.ingress.quota;

import dev.pipeline.ingress.account.Caller;

/**
 * Charges requests to the caller's quota before they are put on Kafka. One unit is one
 * input instance of a prediction, or one analysis (see docs/accounts.md). Called only
 * after validation, so rejected requests are never charged. Callers hold the units of a
 * request in a {@link QuotaCharge} ({@link #chargeFor}) rather than calling
 * {@link #charge}/{@link #refund} themselves.
 */
public interface QuotaGate {

	/**
	 * @throws dev.pipeline.ingress.system.ApiProblem 429 with the quota problem type when
	 * fewer than {@code units} remain
	 */
	void charge(Caller caller, int units);

	/**
	 * Gives units back when an already charged request could not be accepted after all.
	 */
	void refund(Caller caller, int units);

	/** A charge of {@code units} for {@code caller}, not taken yet. */
	default QuotaCharge chargeFor(Caller caller, int units) {
		return new QuotaCharge(this, caller, units);
	}

}
