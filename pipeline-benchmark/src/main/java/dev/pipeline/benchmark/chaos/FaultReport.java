package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One fault's line of the report.
 *
 * @param refusals what the load saw instead of an acceptance, by kind (status and problem
 * type, connection failures)
 * @param lostConnections {@code X-Request-Id}s of the callers whose connection broke
 * while they waited
 * @param secondsToRecover fault to the first answer of a request submitted after it
 * @param lagPeak the highest summed lag of the predictor group on
 * {@code inference.requests}
 * @param error why the fault did not run to its reconciliation, if it did not
 * @param findings what the fault itself measured (fault 8: each analysis's source and
 * time)
 */
record FaultReport(int number, String name, Reconciliation.@Nullable Outcome outcome, Map<String, Long> refusals,
		List<String> lostConnections, @Nullable Double secondsToRecover, long lagPeak, @Nullable String error,
		Map<String, Object> findings) {

	/**
	 * Reconciled with nothing lost, doubled, pending or miscounted, and no finding of the
	 * fault's own that failed.
	 */
	boolean clean() {
		return this.error == null && this.outcome != null && this.outcome.clean()
				&& this.findings.values()
					.stream()
					.noneMatch(value -> value instanceof Map<?, ?> phase
							&& Boolean.FALSE.equals(phase.get("allRuleBasedWithinBudget")));
	}

	long serverErrors() {
		return this.refusals.entrySet()
			.stream()
			.filter(entry -> entry.getKey().startsWith("5"))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/** 503s with a problem type: the documented answers of a dependency that is down. */
	long documented503s() {
		return this.refusals.entrySet()
			.stream()
			.filter(entry -> entry.getKey().startsWith("503 "))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

}
