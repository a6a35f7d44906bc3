package dev.pipeline.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * A model's traffic split between its served versions, set by the admin and kept on the
 * compacted {@code inference.model-traffic} topic (key = model name; a tombstone removes
 * the split). Every predictor worker applies it to the requests that name no
 * {@code modelVersion}: a request goes to the version whose share its id's {@link #bucket
 * bucket} falls in, so the same id always reaches the same version (a retry, a job the
 * outbox sends again), whichever worker answers it.
 *
 * @param weights percent of the requests per version, 0 to 100 each, adding up to 100;
 * the buckets are given out in the order of the version names as text
 * @param shadow a version that also computes every split request after the version that
 * answers it, its result recorded but never returned; {@code null} for none
 */
public record ModelTraffic(int schemaVersion, String model, Map<String, Integer> weights, @Nullable String shadow,
		Instant updatedAt) {

	public static final int SCHEMA_VERSION = 1;

	/** Buckets of request ids: a weight is a number of them. */
	public static final int BUCKETS = 100;

	public ModelTraffic {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
		// Sorted, so every reader gives the buckets out in the same order.
		weights = (weights == null) ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(weights));
	}

	/**
	 * What is wrong with the split for a model that serves these versions; empty when it
	 * is fine.
	 */
	public List<FieldProblem> problems(Collection<String> served) {
		List<FieldProblem> problems = new ArrayList<>();
		if (this.weights.isEmpty()) {
			problems.add(new FieldProblem("weights", "must give at least one version a weight"));
		}
		long sum = 0;
		boolean eachInRange = true;
		for (Map.Entry<String, Integer> weight : this.weights.entrySet()) {
			String field = "weights." + LogSafe.escape(weight.getKey());
			if (!served.contains(weight.getKey())) {
				problems.add(new FieldProblem(field, "is not a version the model serves " + served));
			}
			if (weight.getValue() == null || weight.getValue() < 0 || weight.getValue() > BUCKETS) {
				problems.add(new FieldProblem(field, "must be a whole number from 0 to " + BUCKETS));
				eachInRange = false;
			}
			else {
				sum += weight.getValue();
			}
		}
		// The sum only says something once every weight is one.
		if (!this.weights.isEmpty() && eachInRange && sum != BUCKETS) {
			problems.add(new FieldProblem("weights", "must add up to " + BUCKETS + " (they add up to " + sum + ")"));
		}
		if (this.shadow != null && !served.contains(this.shadow)) {
			problems.add(new FieldProblem("shadow", "is not a version the model serves " + served));
		}
		return problems;
	}

	/** The version a request of this id goes to. */
	public String versionFor(String requestId) {
		int bucket = bucket(requestId);
		int upTo = 0;
		String last = null;
		for (Map.Entry<String, Integer> weight : this.weights.entrySet()) {
			upTo += Math.max(0, weight.getValue());
			if (weight.getValue() > 0) {
				last = weight.getKey();
				if (bucket < upTo) {
					return weight.getKey();
				}
			}
		}
		if (last == null) {
			throw new IllegalStateException("The split of model " + this.model + " gives no version a weight");
		}
		return last;
	}

	/**
	 * The id's bucket, 0 to 99: the CRC-32 of its UTF-8 bytes modulo 100. Stable across
	 * processes, releases and languages, so any reader of the contract computes the same.
	 */
	public static int bucket(String requestId) {
		CRC32 crc = new CRC32();
		crc.update(requestId.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % BUCKETS);
	}

}
