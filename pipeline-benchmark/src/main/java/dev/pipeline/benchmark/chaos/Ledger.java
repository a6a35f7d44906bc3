package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What the load saw during one fault: every accepted request by id, every refusal by
 * kind, and when answers arrived, so the reconciliation knows what must exist and the
 * report can say when the pipeline recovered.
 */
final class Ledger {

	/** How a request entered the pipeline. */
	enum Route {

		/** {@code POST /v1/models/{m}/predict}: 200 or 202. */
		SYNC,
		/** {@code POST /v1/models/{m}/jobs}: 202. */
		JOB,
		/** A record on {@code inference.requests}, acknowledged by Kafka. */
		KAFKA

	}

	/** An accepted request. */
	record Accepted(String id, Route route, String model, long acceptedNanos) {
	}

	private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> lostConnections = new ConcurrentLinkedQueue<>();

	private volatile long faultNanos = Long.MAX_VALUE;

	void accept(String id, Route route, String model) {
		this.accepted.put(id, new Accepted(id, route, model, System.nanoTime()));
	}

	/**
	 * An answer reached the load: a request submitted at {@code submittedNanos} was
	 * answered (a 200, a job seen final, a result record read).
	 */
	void answered(long submittedNanos) {
		this.answers.add(new long[] { submittedNanos, System.nanoTime() });
	}

	/**
	 * A request the pipeline did not accept, or a step that failed: counted under
	 * {@code kind} (e.g. {@code "503 urn:pipeline:problem:kafka-unavailable"}).
	 */
	void refused(String kind) {
		this.refusals.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
	}

	/**
	 * A synchronous caller whose connection broke while it waited: it cannot know whether
	 * its request was accepted. {@code requestId} is the {@code X-Request-Id} it sent.
	 */
	void connectionLost(String requestId) {
		this.lostConnections.add(requestId);
		refused("connection lost");
	}

	/** Marks the moment the fault was injected. */
	void faultInjected() {
		this.faultNanos = System.nanoTime();
	}

	Map<String, Accepted> accepted() {
		return Map.copyOf(this.accepted);
	}

	Map<String, Long> refusals() {
		Map<String, Long> copy = new TreeMap<>();
		this.refusals.forEach((kind, count) -> copy.put(kind, count.get()));
		return copy;
	}

	List<String> lostConnections() {
		return List.copyOf(this.lostConnections);
	}

	/**
	 * Seconds from the fault to the first answer of a request submitted after it;
	 * {@code null} if none came or no fault was injected.
	 */
	@Nullable Double secondsToRecover() {
		long fault = this.faultNanos;
		if (fault == Long.MAX_VALUE) {
			return null;
		}
		return this.answers.stream()
			.filter(answer -> answer[0] >= fault)
			.mapToLong(answer -> answer[1])
			.min()
			.stream()
			.mapToDouble(first -> Math.round((first - fault) / 1e7) / 100.0)
			.boxed()
			.findFirst()
			.orElse(null);
	}

}
