package dev.pipeline.ingress.job;

import java.util.Optional;

import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.webhook.FinalJobs;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's final state for its webhook: the body of {@code GET /v1/jobs/{id}}, written by
 * the same mapper as the route's, read from the primary.
 */
@Component
class JobWebhookBodies implements FinalJobs {

	private final JobStore store;

	private final JsonMapper json;

	JobWebhookBodies(JobStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	@Override
	public Optional<byte[]> finalState(String jobId) {
		return this.store.find(jobId)
			.map(JobView::of)
			.filter((job) -> !JobTicket.QUEUED.equals(job.status()))
			.map(this.json::writeValueAsBytes);
	}

}
