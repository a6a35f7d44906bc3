package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.Map;

import dev.pipeline.local.LocalStack;

/**
 * One fault of the harness: what it sets up before the load starts, and how it breaks a
 * part of the running stack and brings it back while the load goes on.
 */
interface Fault {

	/** Its number in issue 12's list, as {@code --faults} selects it. */
	int number();

	/** A short name for the table. */
	String name();

	/**
	 * Sets up what the fault needs before the load starts (a second instance, say).
	 * @return base URLs of extra ingress instances the load should balance over
	 */
	default List<String> prepare(LocalStack stack) {
		return List.of();
	}

	/**
	 * Breaks the stack and, where the fault is not for good, repairs it; returns once the
	 * repaired part is healthy again.
	 */
	void inject(LocalStack stack, ChaosTiming timing) throws Exception;

	/** What the fault itself measured, beyond the reconciliation; none by default. */
	default Map<String, Object> findings() {
		return Map.of();
	}

}
