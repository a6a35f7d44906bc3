package dev.pipeline.ingress.system;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A check a filter left for later in the request (the rate limit of a request whose
 * handler charges quota, decided in the same Redis round trip as the charge) whose
 * refusal still comes first: every problem answer settles it before it is written
 * ({@link ProblemHandler}, {@link ProblemWriter}), so the client sees the checks in the
 * order the filters define.
 */
public interface DeferredCheck {

	/** The request attribute a filter puts its deferred check in. */
	String ATTRIBUTE = DeferredCheck.class.getName();

	/**
	 * Decides the check now unless it was decided already.
	 * @return the check's problem if it refuses the request (or the request's answer must
	 * be another one), empty if it admits it or was decided before
	 */
	Optional<ApiProblem> settle();

	/**
	 * Settles the request's deferred check, if it has one, before an answer that is no
	 * problem and did not settle it on its way (an idempotent replay).
	 * @throws ApiProblem the check's refusal
	 */
	static void settle(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof DeferredCheck check) {
			check.settle().ifPresent((refusal) -> {
				throw refusal;
			});
		}
	}

	/**
	 * The problem to answer with instead of {@code problem}: the refusal of the request's
	 * deferred check, if it has one that refuses, else {@code problem}.
	 */
	static ApiProblem precedingOr(HttpServletRequest request, ApiProblem problem) {
		if (request.getAttribute(ATTRIBUTE) instanceof DeferredCheck check) {
			try {
				return check.settle().orElse(problem);
			}
			catch (RuntimeException ex) {
				// A dependency that failed while settling answers 503, as it would from
				// the
				// filter.
				return DependencyFailures.problemFor(ex).orElseThrow(() -> ex);
			}
		}
		return problem;
	}

}
