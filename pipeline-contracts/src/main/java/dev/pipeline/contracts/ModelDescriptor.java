package dev.pipeline.contracts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a predictor worker serves, announced on the compacted {@code inference.models}
 * topic (keyed by model name) when the worker loads its model repository. The ingress
 * builds its catalogue from it: which models exist, their input kind (for validation) and
 * readiness.
 *
 * @param inputKind {@link #TEXT} or {@link #NUMBER_SERIES}
 * @param maxBatchSize the largest micro-batch the worker forms for this model
 * @param ready whether the model loaded and answers requests
 */
public record ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
		@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt) {

	public static final int SCHEMA_VERSION = 1;

	/** One instance is a non-empty string. */
	public static final String TEXT = "text";

	/** One instance is a non-empty array of finite numbers. */
	public static final String NUMBER_SERIES = "number-series";

	public ModelDescriptor {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
	}

}
