package dev.pipeline.ingress.job;

import java.time.Instant;
import java.util.Optional;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The jobs a caller may read one by one: its own account's (any account's for the admin),
 * within the retention. Every route that shows one job ({@code GET /v1/jobs/{id}}, its
 * event stream) asks here, so they answer the same 404 for a job that is missing, too old
 * or another account's: ids cannot be probed.
 */
@Component
class VisibleJobs {

	private final JobStore store;

	private final JobProperties properties;

	VisibleJobs(JobStore store, JobProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	/**
	 * The job as a poll reads it (the read replica when it has the job).
	 * @throws ApiProblem 404 {@code job-not-found}
	 */
	JobRecord poll(String id, Caller caller) {
		return visible(this.store.poll(id), id, caller);
	}

	/**
	 * The job as the primary has it: for a stream, which must not start from a state
	 * older than the notifications it waits for.
	 * @throws ApiProblem 404 {@code job-not-found}
	 */
	JobRecord find(String id, Caller caller) {
		return visible(this.store.find(id), id, caller);
	}

	private JobRecord visible(Optional<JobRecord> job, String id, Caller caller) {
		Instant oldest = Instant.now().minus(this.properties.retention());
		return job.filter((found) -> found.submittedAt().isAfter(oldest))
			.filter((found) -> caller.mayActFor(found.accountId()))
			.orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found",
					"No job '" + id + "' exists for this account (jobs are kept for "
							+ this.properties.retention().toHours() + " h)."));
	}

}
