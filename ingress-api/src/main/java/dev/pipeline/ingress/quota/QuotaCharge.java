package dev.pipeline.ingress.quota;

import dev.pipeline.ingress.account.Caller;

/**
 * The quota units of one accepted request, taken at most once and given back at most
 * once. Every path that charges (synchronous predictions, jobs, analyses) holds one, so
 * "refund only what was charged" is written here and nowhere else: a failure before the
 * charge refunds nothing, a failure after it refunds exactly once.
 */
public final class QuotaCharge {

	private final QuotaGate gate;

	private final Caller caller;

	private final int units;

	private final String chargeId;

	private boolean taken;

	QuotaCharge(QuotaGate gate, Caller caller, int units, String chargeId) {
		this.gate = gate;
		this.caller = caller;
		this.units = units;
		this.chargeId = chargeId;
	}

	/**
	 * Charges the units unless this charge already holds them.
	 * @throws dev.pipeline.ingress.system.ApiProblem 429 when the quota does not cover
	 * them
	 */
	public void take() {
		if (!this.taken) {
			this.gate.charge(this.caller, this.units, this.chargeId);
			this.taken = true;
		}
	}

	/** Gives the units back if this charge holds them; harmless otherwise. */
	public void giveBack() {
		if (this.taken) {
			this.gate.refund(this.caller, this.units, this.chargeId);
			this.taken = false;
		}
	}

}
