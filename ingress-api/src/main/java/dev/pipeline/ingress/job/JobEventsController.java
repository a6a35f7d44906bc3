package dev.pipeline.ingress.job;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.DependencyFailures;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /v1/jobs/{id}/events}: a job's states pushed as Server-Sent Events, so a
 * client need not poll (docs/api.md, "Job events"). Authorised like {@code GET
 * /v1/jobs/{id}} ({@link VisibleJobs}).
 */
@RestController
@Tag(name = "Jobs")
class JobEventsController {

	/** Seconds a client refused for lack of streams is asked to wait. */
	static final int RETRY_AFTER_SECONDS = 5;

	private final VisibleJobs jobs;

	private final JobEventStreams streams;

	private final JobEventMeters meters;

	JobEventsController(VisibleJobs jobs, JobEventStreams streams, JobEventMeters meters) {
		this.jobs = jobs;
		this.streams = streams;
		this.meters = meters;
	}

	@GetMapping("/v1/jobs/{id}/events")
	@Operation(operationId = "streamJobEvents", summary = "A job's states as Server-Sent Events",
			description = "Each event is 'event: job', 'id: <rank>' (1 QUEUED, 2 the final state) and 'data:' the"
					+ " body of GET /v1/jobs/{id} on one line: the current state at once, then each change, then"
					+ " the final state (SUCCEEDED, FAILED or EXPIRED), after which the stream closes. A comment"
					+ " ': keep-alive' comes every 15 s. Reconnect with Last-Event-ID to get only newer states;"
					+ " 204 when the client already has the final one.")
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = "text/event-stream", schema = @Schema(implementation = JobView.class)))
	@ApiResponse(responseCode = "204", description = "Last-Event-ID already names the final state")
	@ProblemResponses(404)
	ResponseEntity<SseEmitter> events(@PathVariable String id,
			@Parameter(description = "The id of the last event received: only later states are sent") @RequestHeader(
					name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			Caller caller) {
		try {
			return open(id, lastEventId, caller);
		}
		catch (RuntimeException ex) {
			// Answered 503 database-unavailable by ProblemHandler; counted here, where
			// it is known that a stream was refused.
			if (DependencyFailures.isDependencyFailure(ex)) {
				this.meters.refused(JobEventMeters.Refusal.DATABASE_UNAVAILABLE);
			}
			throw ex;
		}
	}

	private ResponseEntity<SseEmitter> open(String id, @Nullable String lastEventId, Caller caller) {
		JobRecord job = this.jobs.find(id, caller);
		int seen = JobStream.seenRank(lastEventId);
		if (seen >= JobStream.FINAL_RANK && JobStream.rank(JobView.of(job).status()) == JobStream.FINAL_RANK) {
			// EventSource stops reconnecting on a 204.
			return ResponseEntity.noContent().build();
		}
		JobStream stream = this.streams.open(id, seen).orElseThrow(this::tooManyStreams);
		try {
			// Read again now that the stream is registered: a change committed after the
			// read above but before the registration would otherwise be missed.
			stream.show(JobView.of(this.jobs.find(id, caller)));
		}
		catch (RuntimeException ex) {
			stream.abandon();
			throw ex;
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			// nginx and similar proxies would otherwise buffer the stream.
			.header("X-Accel-Buffering", "no")
			.body(stream.emitter());
	}

	private ApiProblem tooManyStreams() {
		this.meters.refused(JobEventMeters.Refusal.CAP);
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", "Too many event streams",
				"This instance has as many event streams open as it may; try again in " + RETRY_AFTER_SECONDS
						+ " seconds or poll GET /v1/jobs/{id}.")
			.with("retryAfterSeconds", RETRY_AFTER_SECONDS)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
	}

}
