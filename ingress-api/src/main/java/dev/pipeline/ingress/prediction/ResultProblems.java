package dev.pipeline.ingress.prediction;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.ingress.system.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Turns a worker's FAILED or EXPIRED result into the problem a synchronous caller gets.
 * The worker's error code travels in {@code errorCode}; the status says whose fault it
 * was.
 */
final class ResultProblems {

	private ResultProblems() {
	}

	static ApiProblem of(InferenceResult result) {
		ErrorInfo error = (result.error() != null) ? result.error()
				: new ErrorInfo("UNKNOWN", "The worker gave no reason.");
		ApiProblem problem;
		if (result.status() == ResultStatus.EXPIRED) {
			// The deadline outlives the wait budget, so this means the workers are far
			// behind:
			// a temporary overload (503), never a gateway timeout.
			problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "request-expired", "Request expired",
					"The request's deadline passed before a worker could compute it; try again later.")
				.header(HttpHeaders.RETRY_AFTER, "5");
		}
		else {
			problem = switch (error.code()) {
				// The worker's codes (docs/models.md).
				case "INVALID_INPUT", "INVALID_PARAMETERS", "INVALID_REQUEST" ->
					new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input", error.message());
				case "UNKNOWN_MODEL", "UNKNOWN_MODEL_VERSION" ->
					new ApiProblem(HttpStatus.NOT_FOUND, "unknown-model", "Unknown model", error.message());
				case "MODEL_NOT_READY", "MODEL_UNAVAILABLE" -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
						"model-not-ready", "Model not ready", error.message())
					.header(HttpHeaders.RETRY_AFTER, "5");
				default -> new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "inference-failed", "Inference failed",
						error.message());
			};
		}
		return problem.with("id", result.id()).with("errorCode", error.code());
	}

	/**
	 * The problem of a result, answered again to a replayed {@code Idempotency-Key}:
	 * without {@code Retry-After}, since that key's answer will not change (trying again
	 * takes a new key).
	 */
	static ApiProblem replayed(InferenceResult result) {
		ApiProblem problem = of(result);
		problem.headers().remove(HttpHeaders.RETRY_AFTER);
		return problem.header(IdempotencyKey.REPLAYED_HEADER, "true");
	}

	static boolean succeeded(InferenceResult result) {
		return result.status() == ResultStatus.SUCCEEDED;
	}

}
