package dev.pipeline.ingress.prediction;

/**
 * The 202 body of a request that became (or is) a job: poll {@code /v1/jobs/{id}}.
 *
 * @param status {@code QUEUED} for a new job; a replayed idempotent submission shows the
 * job's current status
 */
public record JobTicket(String id, String status) implements PredictionAnswer {

	public static final String QUEUED = "QUEUED";

	public static JobTicket queued(String id) {
		return new JobTicket(id, QUEUED);
	}

	public String location() {
		return "/v1/jobs/" + this.id;
	}

}
