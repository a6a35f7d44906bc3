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
	 * Charges {@code units} once per {@code chargeId}: a repeated charge with the same id
	 * (a retry after an ambiguous timeout) answers like the first one and costs nothing
	 * more.
	 * @param chargeId the request's server id ({@code RequestIds.serverId()})
	 * @throws dev.pipeline.ingress.system.ApiProblem 429 with the quota problem type when
	 * fewer than {@code units} remain
	 */
	void charge(Caller caller, int units, String chargeId);

	/**
	 * Gives the units of {@code chargeId} back when an already charged request could not
	 * be accepted after all; a repeated refund of the same id gives nothing more back.
	 */
	void refund(Caller caller, int units, String chargeId);

	/**
	 * A charge of {@code units} for {@code caller}, not taken yet, idempotent by
	 * {@code chargeId} (the request's server id).
	 */
	default QuotaCharge chargeFor(Caller caller, int units, String chargeId) {
		return new QuotaCharge(this, caller, units, chargeId);
	}

}
