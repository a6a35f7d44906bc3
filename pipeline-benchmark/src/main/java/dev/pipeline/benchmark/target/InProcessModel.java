package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.predictor.kalman.KalmanModel;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.model.ServedModel;
import dev.pipeline.predictor.onnx.TextClassifier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The baseline: the worker's own model classes, loaded from the same model repository and
 * called directly in this JVM, with no HTTP, no Kafka and no JSON between caller and
 * model. Whatever the pipeline adds on top of this is its overhead; batched, this is the
 * compute limit of the machine.
 */
public final class InProcessModel implements AutoCloseable {

	private final ServedModel model;

	private final Workload workload;

	private InProcessModel(ServedModel model, Workload workload) {
		this.model = model;
		this.workload = workload;
	}

	/**
	 * @param version the version folder; {@code null} for the model's default version
	 * @param intraOpThreads ONNX Runtime threads per call, as the worker's
	 * {@code predictor.models.intra-op-threads} (0 = all cores)
	 */
	public static InProcessModel load(Path repository, String name, @Nullable String version, int intraOpThreads,
			Workload workload) throws Exception {
		return new InProcessModel(open(repository, name, version, intraOpThreads), workload);
	}

	/**
	 * One version of a model, loaded with the worker's classes: what every baseline of
	 * the benchmark computes with.
	 * @param version the version folder; {@code null} for the model's default version
	 */
	static ServedModel open(Path repository, String name, @Nullable String version, int intraOpThreads)
			throws Exception {
		Path modelDir = repository.resolve(name);
		// Without one, the version a worker's request naming none reaches: model.json's.
		Path versionDir = modelDir.resolve((version != null) ? version : ModelRepository.defaultVersion(modelDir));
		if (!Files.isRegularFile(versionDir.resolve("config.json"))) {
			throw new IOException("No config.json in " + versionDir);
		}
		ModelConfig config = ModelRepository.readConfig(versionDir.resolve("config.json"), name,
				versionDir.getFileName().toString());
		return switch (config.backend()) {
			case ModelConfig.ONNX -> TextClassifier.load(versionDir, config, intraOpThreads);
			case ModelConfig.BUILTIN_KALMAN -> new KalmanModel(config);
			default -> throw new IllegalArgumentException("Unknown backend " + config.backend());
		};
	}

	/**
	 * Every numbered version folder with a {@code config.json}, in numeric order.
	 */
	public static List<String> versions(Path modelDir) throws IOException {
		try (Stream<Path> versions = Files.list(modelDir)) {
			return versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
				.filter(dir -> Files.isRegularFile(dir.resolve("config.json")))
				.map(dir -> dir.getFileName().toString())
				.sorted(Comparator.comparingLong(Long::parseLong))
				.toList();
		}
	}

	public ModelConfig config() {
		return this.model.config();
	}

	/** One instance per call, as an unbatched worker would compute a single request. */
	public Operation single() {
		return batch(1);
	}

	/** {@code size} instances per model call: one ONNX Runtime run for all of them. */
	public Operation batch(int size) {
		boolean text = !ModelConfig.BUILTIN_KALMAN.equals(this.model.config().backend());
		return () -> {
			List<ModelInput> inputs = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				JsonNode instance = text ? JsonNodeFactory.instance.stringNode(this.workload.nextText())
						: this.workload.nextSeries();
				inputs.add(new ModelInput(instance, Map.of()));
			}
			List<JsonNode> outputs = this.model.predict(inputs);
			if (outputs.size() != size) {
				throw new IllegalStateException(
						"Model returned " + outputs.size() + " outputs for " + size + " inputs");
			}
			return size;
		};
	}

	@Override
	public void close() {
		this.model.close();
	}

}
