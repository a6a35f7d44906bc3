package dev.pipeline.ingress.job;

import java.time.Instant;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.job.JobSubmitter.Submission;
import dev.pipeline.ingress.prediction.IdempotencyKey;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.system.ApiProblem;
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
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/models/{model}/jobs} and {@code GET /v1/jobs/{id}}. */
@RestController
@Tag(name = "Jobs", description = "Asynchronous predictions and their results")
class JobController {

	private final InstanceValidator validator;

	private final JobSubmitter submitter;

	private final JobStore store;

	private final JobProperties properties;

	JobController(InstanceValidator validator, JobSubmitter submitter, JobStore store, JobProperties properties) {
		this.validator = validator;
		this.submitter = submitter;
		this.store = store;
		this.properties = properties;
	}

	@PostMapping(path = "/v1/models/{model}/jobs", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitJob", summary = "Submit a job",
			description = "Accepted for good once answered (transactional outbox); poll GET /v1/jobs/{id}.")
	@ApiResponse(responseCode = "202", description = "Accepted",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/jobs/{id}"),
			content = @Content(schema = @Schema(implementation = JobTicket.class)))
	@ProblemResponses({ 404, 409 })
	ResponseEntity<JobTicket> submit(@PathVariable String model, @io.swagger.v3.oas.annotations.parameters.RequestBody(
			required = true,
			content = @Content(schema = @Schema(implementation = PredictionRequest.class),
					examples = { @ExampleObject(name = "sentiment", value = PredictionRequest.SENTIMENT_EXAMPLE),
							@ExampleObject(name = "kalman",
									value = PredictionRequest.KALMAN_EXAMPLE) })) @RequestBody PredictionRequest body,
			@Parameter(description = "Same key and body: the first submission's job; another body: 409") @RequestHeader(
					name = IdempotencyKey.HEADER, required = false) @Nullable String idempotencyKey,
			Caller caller, HttpServletRequest request) {
		IdempotencyKey key = IdempotencyKey.of(idempotencyKey, model, body.json());
		PredictionInput input = this.validator.validate(model, body);
		Submission submission = this.submitter.submit(input, RequestIdFilter.ids(request), caller, key);
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
		Instant oldest = Instant.now().minus(this.properties.retention());
		return this.store.find(id)
			.filter(job -> job.submittedAt().isAfter(oldest))
			// Another account's job is reported as missing, so ids cannot be probed.
			.filter(job -> caller.mayActFor(job.accountId()))
			.map(JobView::of)
			.orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "job-not-found", "Job not found",
					"No job '" + id + "' exists for this account (jobs are kept for "
							+ this.properties.retention().toHours() + " h)."));
	}

}
