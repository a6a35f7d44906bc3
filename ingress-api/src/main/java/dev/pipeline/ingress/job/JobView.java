package dev.pipeline.ingress.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionBody;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code GET /v1/jobs/{id}} (API.md). {@code result} has the shape of the
 * synchronous 200 body; its {@code totalMs} is from submission to the worker's
 * completion.
 *
 * @param requestId the client's own {@code X-Request-Id} of the submission, for
 * correlation (an extra field; {@code null} when the client sent none)
 */
record JobView(String id, @Nullable String requestId, String model, String status, @Nullable PredictionBody result,
		@Nullable ErrorInfo error, Instant submittedAt, @Nullable Instant completedAt) {

	private static final TypeReference<List<JsonNode>> OUTPUTS = new TypeReference<>() {
	};

	static JobView of(JobRecord job) {
		if (job.status() == null) {
			return new JobView(job.id(), job.clientRequestId(), job.model(), JobTicket.QUEUED, null, null,
					job.submittedAt(), null);
		}
		PredictionBody result = null;
		if (ResultStatus.SUCCEEDED.name().equals(job.status())) {
			List<JsonNode> outputs = (job.outputsJson() != null)
					? PipelineJson.mapper().readValue(job.outputsJson(), OUTPUTS) : List.of();
			double totalMs = (job.completedAt() != null)
					? Duration.between(job.submittedAt(), job.completedAt()).toNanos() / 1e6 : 0;
			result = new PredictionBody(job.id(), job.model(), job.modelVersion(), outputs,
					new PredictionBody.Timings(job.queueMs(), job.inferenceMs(), Math.max(totalMs, 0)));
		}
		ErrorInfo error = (job.errorCode() != null)
				? new ErrorInfo(job.errorCode(), (job.errorMessage() != null) ? job.errorMessage() : "") : null;
		return new JobView(job.id(), job.clientRequestId(), job.model(), job.status(), result, error, job.submittedAt(),
				job.completedAt());
	}

}
