package dev.pipeline.ingress.quota;

import dev.pipeline.ingress.account.Caller;
import org.jspecify.annotations.Nullable;

/**
 * Charges predictions to the caller's quota before they are put on Kafka. One unit is one
 * input instance (see docs/accounts.md). Called only after validation, so rejected
 * requests are never charged.
 */
public interface QuotaGate {

	/**
	 * @param caller the authenticated caller, or {@code null} when authentication is off
	 * @throws dev.pipeline.ingress.system.ApiProblem 429 with the quota problem type when
	 * fewer than {@code units} remain
	 */
	void charge(@Nullable Caller caller, int units);

	/**
	 * Gives units back when an already charged request could not be accepted after all.
	 */
	void refund(@Nullable Caller caller, int units);

}
