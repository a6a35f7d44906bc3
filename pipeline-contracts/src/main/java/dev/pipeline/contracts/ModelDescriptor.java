package dev.pipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a predictor worker serves, announced on the compacted {@code inference.models}
 * topic (keyed by model name) when the worker loads its model repository. The ingress
 * builds its catalogue from it: which models exist, their input kind (for validation) and
 * readiness.
 *
 * <p>
 * One record per model, however many versions it serves: its top-level fields are those
 * of the model's default version (the one a request without {@code modelVersion}
 * reaches), so a reader that knows nothing of versions reads it as before, and
 * {@link #versions} lists every served version. A record of a worker older than versions
 * has none; {@link #servedVersions()} then lists its one version.
 *
 * @param version the default version
 * @param inputKind {@link #TEXT} or {@link #NUMBER_SERIES}
 * @param maxBatchSize the largest micro-batch the worker forms for this model
 * @param ready whether the model loaded and answers requests
 * @param platform the framework the model runs on, named as the Open Inference Protocol
 * names platforms ({@code onnx_onnxv1}, …); {@code null} from workers older than it
 * @param inputs the model's input tensors from its {@code config.json}; empty from
 * workers older than them
 * @param outputs the model's output tensors, likewise
 * @param versions every version the model serves (its version policy), the default one
 * among them; empty from workers older than versions
 */
public record ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
		@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt, @Nullable String platform,
		List<ModelTensor> inputs, List<ModelTensor> outputs, List<Version> versions) {

	public static final int SCHEMA_VERSION = 1;

	/** One instance is a non-empty string. */
	public static final String TEXT = "text";

	/** One instance is a non-empty array of finite numbers. */
	public static final String NUMBER_SERIES = "number-series";

	public ModelDescriptor {
		schemaVersion = schemaVersion == 0 ? SCHEMA_VERSION : schemaVersion;
		inputs = (inputs == null) ? List.of() : List.copyOf(inputs);
		outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
		versions = (versions == null) ? List.of() : List.copyOf(versions);
	}

	/** A descriptor of one version, as workers announced them before versions. */
	public ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
			@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt, @Nullable String platform,
			List<ModelTensor> inputs, List<ModelTensor> outputs) {
		this(schemaVersion, name, version, inputKind, description, maxBatchSize, ready, updatedAt, platform, inputs,
				outputs, List.of());
	}

	/** A descriptor without tensors or platform, as workers announced them before. */
	public ModelDescriptor(int schemaVersion, String name, String version, String inputKind,
			@Nullable String description, int maxBatchSize, boolean ready, Instant updatedAt) {
		this(schemaVersion, name, version, inputKind, description, maxBatchSize, ready, updatedAt, null, List.of(),
				List.of());
	}

	/**
	 * Every served version; for a record without {@link #versions}, its one version.
	 */
	public List<Version> servedVersions() {
		if (!this.versions.isEmpty()) {
			return this.versions;
		}
		return List.of(new Version(this.version, this.inputKind, this.description, this.maxBatchSize, this.ready,
				this.platform, this.inputs, this.outputs));
	}

	/**
	 * The model as one of its versions describes it (its input kind, readiness, tensors),
	 * or empty when the model does not serve that version.
	 */
	public Optional<ModelDescriptor> atVersion(String wanted) {
		return servedVersions().stream()
			.filter(served -> served.version().equals(wanted))
			.findFirst()
			.map(served -> new ModelDescriptor(this.schemaVersion, this.name, served.version(), served.inputKind(),
					served.description(), served.maxBatchSize(), served.ready(), this.updatedAt, served.platform(),
					served.inputs(), served.outputs(), this.versions));
	}

	/**
	 * One served version of a model: the fields of {@link ModelDescriptor} that belong to
	 * a version.
	 */
	public record Version(String version, String inputKind, @Nullable String description, int maxBatchSize,
			boolean ready, @Nullable String platform, List<ModelTensor> inputs, List<ModelTensor> outputs) {

		public Version {
			inputs = (inputs == null) ? List.of() : List.copyOf(inputs);
			outputs = (outputs == null) ? List.of() : List.copyOf(outputs);
		}

	}

}
