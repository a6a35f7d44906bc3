package dev.pipeline.predictor.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Triton-style model repository, {@code <root>/<model>/<version>/config.json}, loaded
 * once at start. Every model folder is served at its highest version (Triton's default
 * "latest" policy); a model that fails to load stays listed as not ready instead of
 * stopping the worker, so one broken folder never takes the other models down.
 */
public final class ModelRepository implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ModelRepository.class);

	private final Path root;

	private final Map<String, Entry> entries;

	private ModelRepository(Path root, Map<String, Entry> entries) {
		this.root = root;
		this.entries = entries;
	}

	public static ModelRepository load(Path root, ModelLoader loader) {
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (Path modelDir : children(root)) {
			String name = modelDir.getFileName().toString();
			Optional<Path> versionDir = latestVersion(modelDir);
			if (versionDir.isEmpty()) {
				logger.warn("Model folder {} has no version folder with a config.json; skipped", modelDir);
				continue;
			}
			entries.put(name, loadOne(name, versionDir.get(), loader));
		}
		if (entries.isEmpty()) {
			logger.warn("No models found in {}", root.toAbsolutePath());
		}
		return new ModelRepository(root, entries);
	}

	private static Entry loadOne(String name, Path versionDir, ModelLoader loader) {
		String version = versionDir.getFileName().toString();
		ModelConfig config;
		try {
			config = readConfig(versionDir.resolve("config.json"), name, version);
		}
		catch (RuntimeException | IOException ex) {
			logger.error("Model {} version {}: unreadable config.json: {}", name, version, ex.getMessage());
			return new Entry(fallbackConfig(name, version), null, "unreadable config.json: " + ex.getMessage());
		}
		long start = System.nanoTime();
		try {
			ServedModel model = loader.load(versionDir, config);
			logger.info("Loaded model {} version {} ({}) in {} ms", name, version, config.backend(),
					(System.nanoTime() - start) / 1_000_000);
			return new Entry(config, model, null);
		}
		catch (Exception ex) {
			logger.error("Model {} version {} failed to load", name, version, ex);
			return new Entry(config, null, String.valueOf(ex.getMessage()));
		}
	}

	public static ModelConfig readConfig(Path file, String name, String version) throws IOException {
		ModelConfig config = PipelineJson.mapper().readValue(Files.readString(file), ModelConfig.class);
		if (config.name() != null && !config.name().equals(name)) {
			throw new IOException("config.json names model '" + config.name() + "' but its folder is '" + name + "'");
		}
		if (config.backend() == null || config.inputKind() == null) {
			throw new IOException("config.json needs \"backend\" and \"inputKind\"");
		}
		return new ModelConfig(name, (config.version() != null) ? config.version() : version, config.backend(),
				config.inputKind(), config.description(), config.maxBatchSize(), config.maxBatchWaitMs(), config.onnx(),
				config.parameters(), config.inputs(), config.outputs());
	}

	private static ModelConfig fallbackConfig(String name, String version) {
		return new ModelConfig(name, version, "unknown", "unknown", null, 1, 0, null, Map.of());
	}

	private static List<Path> children(Path dir) {
		if (!Files.isDirectory(dir)) {
			logger.warn("Model repository {} does not exist", dir.toAbsolutePath());
			return List.of();
		}
		try (Stream<Path> paths = Files.list(dir)) {
			return paths.filter(Files::isDirectory).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Highest version: numeric folder names compare as numbers, others after them by
	 * name.
	 */
	static Optional<Path> latestVersion(Path modelDir) {
		return children(modelDir).stream()
			.filter(dir -> Files.isRegularFile(dir.resolve("config.json")))
			.max(Comparator.comparing(ModelRepository::isNumber)
				.thenComparingLong(dir -> isNumber(dir) ? Long.parseLong(dir.getFileName().toString()) : 0L)
				.thenComparing(dir -> dir.getFileName().toString()));
	}

	private static boolean isNumber(Path dir) {
		return dir.getFileName().toString().matches("\\d{1,18}");
	}

	public Path root() {
		return this.root;
	}

	public Collection<Entry> entries() {
		return this.entries.values();
	}

	public Optional<Entry> find(String name) {
		return Optional.ofNullable(this.entries.get(name));
	}

	@Override
	public void close() {
		List<Entry> loaded = new ArrayList<>(this.entries.values());
		for (Entry entry : loaded) {
			if (entry.model() != null) {
				entry.model().close();
			}
		}
	}

	/**
	 * One model of the repository.
	 *
	 * @param model the loaded model, {@code null} when loading failed
	 * @param failure why loading failed, {@code null} when ready
	 */
	public record Entry(ModelConfig config, @Nullable ServedModel model, @Nullable String failure) {

		public boolean ready() {
			return this.model != null;
		}

	}

	/** Builds a model from its version folder and config; chooses the backend. */
	@FunctionalInterface
	public interface ModelLoader {

		ServedModel load(Path versionDir, ModelConfig config) throws Exception;

	}

}
