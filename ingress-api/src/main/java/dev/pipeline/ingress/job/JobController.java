package dev.pipeline.ingress.job;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.job.JobStore.JobFilter;
import dev.pipeline.ingress.job.JobSubmitter.Submission;
import dev.pipeline.ingress.prediction.IdempotencyKey;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.DeferredCheck;
import dev.pipeline.ingress.webhook.CallbackUrls;
import dev.pipeline.ingress.system.PageRequest;
import dev.pipeline.ingress.system.QueryParameters;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.prediction.PredictionRequest;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/models/{model}/jobs}, {@code GET /v1/jobs/{id}} and the list
 * {@code GET /v1/jobs}.
 */
@RestController
@Tag(name = "Jobs", description = "Asynchronous predictions and their results")
class JobController {

	/** The list's name in its cursors. */
	private static final String LIST = "jobs";

	private static final Set<String> STATUSES = Set.of("QUEUED", "SUCCEEDED", "FAILED", "EXPIRED");

	private final InstanceValidator validator;

	private final JobSubmitter submitter;

	private final JobStore store;

	private final VisibleJobs jobs;

	private final JobProperties properties;

	private final CallbackUrls callbackUrls;

	JobController(InstanceValidator validator, JobSubmitter submitter, JobStore store, VisibleJobs jobs,
			JobProperties properties, CallbackUrls callbackUrls) {
		this.callbackUrls = callbackUrls;
		this.validator = validator;
		this.submitter = submitter;
		this.store = store;
		this.jobs = jobs;
		this.properties = properties;
	}

	@PostMapping(path = "/v1/models/{model}/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitJob", summary = "Submit a job",
			description = "Accepted for good once answered (transactional outbox); poll GET /v1/jobs/{id}, follow"
					+ " GET /v1/jobs/{id}/events, or give a 'callbackUrl' in the body to have the final state"
					+ " POSTed there, signed (docs/api.md, Webhooks).")
	@ApiResponse(responseCode = "202", description = "Accepted",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	@ProblemResponses({ 400, 404, 409 })
	ResponseEntity<JobTicket> submit(@PathVariable String model, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			required = true,
			content = @Content(schema = @Schema(ref = JobRequestSchema.REF),
					examples = { @ExampleObject(name = "sentiment", value = PredictionRequest.SENTIMENT_EXAMPLE),
							@ExampleObject(name = "kalman",
									value = PredictionRequest.KALMAN_EXAMPLE) })) @RequestBody PredictionRequest body,
			@Parameter(description = "Same key and body: the first submission's job; another body: 409") @RequestHeader(
					name = IdempotencyKey.HEADER, required = false) @Nullable String idempotencyKey,
			Caller caller, HttpServletRequest request) {
		IdempotencyKey key = IdempotencyKey.of(idempotencyKey, model, body.json());
		PredictionInput input = this.validator.validate(model, body);
		URI callbackUrl = this.callbackUrls.read(body.json(), caller);
		Submission submission = this.submitter.submit(input, RequestIdFilter.ids(request), caller, key, callbackUrl);
		// A replay charged nothing, so its rate limit was not decided with a charge.
		DeferredCheck.settle(request);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED)
			.header(HttpHeaders.LOCATION, submission.ticket().location());
		if (submission.replayed()) {
			response.header(IdempotencyKey.REPLAYED_HEADER, "true");
		}
		return response.body(submission.ticket());
	}

	@GetMapping("/v1/jobs/{id}")
	@Operation(operationId = "getJob", summary = "A job's status and, once done, its result or error")
	@ProblemResponses(404)
	JobView find(@PathVariable String id, Caller caller) {
		return JobView.of(this.jobs.poll(id, caller));
	}

	@GetMapping("/v1/jobs")
	@Operation(operationId = "listJobs", summary = "The caller's jobs, newest first, a page at a time",
			description = "Keyset pagination: follow 'next' (or the Link header) until it is absent. An API key"
					+ " sees its own jobs; the admin token sees every account's, or one account's with 'account'.")
	@ApiResponse(responseCode = "200", description = "One page",
			headers = @Header(name = HttpHeaders.LINK, description = "<...>; rel=\"next\" when another page follows"),
			content = @Content(schema = @Schema(implementation = JobList.class)))
	@ProblemResponses({ 403, 422 })
	ResponseEntity<JobList> list(
			@Parameter(description = "QUEUED, SUCCEEDED, FAILED or EXPIRED") @RequestParam(
					required = false) @Nullable String status,
			@Parameter(description = "The model") @RequestParam(required = false) @Nullable String model,
			@Parameter(description = "Submitted at or after this ISO-8601 instant") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "Submitted before this ISO-8601 instant") @RequestParam(
					required = false) @Nullable String to,
			@Parameter(description = "One account's jobs: the admin's choice; an API key may name only its own"
					+ " account") @RequestParam(required = false) @Nullable String account,
			@Parameter(description = "Jobs per page, 1 to 500 (default 50)") @RequestParam(
					required = false) @Nullable Integer limit,
			@Parameter(description = "The 'next' of the previous page") @RequestParam(
					required = false) @Nullable String cursor,
			Caller caller, HttpServletRequest request) {
		PageRequest page = PageRequest.of(LIST, limit, cursor);
		Instant start = QueryParameters.instant("from", from);
		Instant end = QueryParameters.instant("to", to);
		if (start != null && end != null && !start.isBefore(end)) {
			throw QueryParameters.invalidParameter("from", "from must be before to.");
		}
		// A span older than the retention is empty, as its jobs are not readable.
		JobFilter filter = new JobFilter(owner(caller, account), blankToNull(model), status(status),
				submittedFrom(start), end);
		return page.page(LIST, this.store.list(filter, page), JobStore::key)
			.respond(request, (jobs, next) -> new JobList(jobs.stream().map(JobView::of).toList(), next));
	}

	/**
	 * Whose jobs to list: the key's own account, or for the admin every account's
	 * ({@code null}) or the one named.
	 */
	private static @Nullable String owner(Caller caller, @Nullable String account) {
		String named = blankToNull(account);
		if (caller.admin()) {
			return named;
		}
		// Only the admin has no account; a caller without one never lists all jobs.
		if (caller.accountId() == null || (named != null && !named.equals(caller.accountId()))) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-account", "Not your account",
					"An API key sees only its own account's jobs; omit 'account' or use the admin token.");
		}
		return caller.accountId();
	}

	private static @Nullable String status(@Nullable String status) {
		String named = blankToNull(status);
		if (named != null && !STATUSES.contains(named)) {
			throw QueryParameters.badParameter("status", named, "one of QUEUED, SUCCEEDED, FAILED, EXPIRED");
		}
		return named;
	}

	/** Jobs older than the retention are not readable one by one either. */
	private Instant submittedFrom(@Nullable Instant from) {
		Instant oldest = Instant.now().minus(this.properties.retention());
		return (from != null && from.isAfter(oldest)) ? from : oldest;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/**
	 * A page of {@code GET /v1/jobs}.
	 *
	 * @param items the jobs, each as {@code GET /v1/jobs/{id}} shows it, newest first
	 * @param next the cursor of the following page; {@code null} on the last
	 */
	record JobList(List<JobView> items, @Nullable String next) {
	}

}
