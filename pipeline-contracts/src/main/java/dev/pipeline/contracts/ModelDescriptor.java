package dev.pipeline.contracts;

import java.time.Instant;
import java.util.List;

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
 * @param platform the framework the model runs on, named as the Open Inference Protocol
 * names platforms ({@code onnx_onnxv1}, …); {@code null} from workers older than it
 * @param inputs the model's input tensors from its {@code config.json}; empty from
 * workers older than them
 * @param outputs the model's output tensors, likewise
 */
public record ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
		@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt, @Nullable String platform,
		List<ModelTensor> inputs, List<ModelTensor> outputs) {

	public static final int SCHEMA_VERSION = 1;

	/** One instance is a non-empty string. */
	public static final String TEXT = "text";

	/** One instance is a non-empty array of finite numbers. */
	public static final String NUMBER_SERIES = "number-series";

	public ModelDescriptor {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
		inputs = (inputs == null) ? List.of() : List.copyOf(inputs);
		outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
	}

	/** A descriptor without tensors or platform, as workers announced them before. */
	public ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
			@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt) {
		this(schemaVersion, name, version, inputKind, description, maxBatchSize, ready, updatedAt, null, List.of(),
				List.of());
	}

}
