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
 * once at start. Each model folder serves the versions its {@code model.json} names
 * ({@link ModelPolicy}, like Triton's version policy; without it the highest version
 * alone), all at once, one of them the default. A model or version that fails to load
 * stays listed as not ready instead of stopping the worker, so one broken folder never
 * takes the other models down; a {@code model.json} that does not fit its folder makes
 * the whole model not ready, with the reason.
 */
public final class ModelRepository implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ModelRepository.class);

	/**
	 * Version order: numeric folder names compare as numbers and come after the others,
	 * which compare by name; the last is the highest.
	 */
	private static final Comparator<Path> VERSION_ORDER = Comparator.comparing(ModelRepository::isNumber)
		.thenComparingLong(dir -> isNumber(dir) ? Long.parseLong(dir.getFileName().toString()) : 0L)
		.thenComparing(dir -> dir.getFileName().toString());

	private final Path root;

	private final Map<String, Model> models;

	private ModelRepository(Path root, Map<String, Model> models) {
		this.root = root;
		this.models = models;
	}

	public static ModelRepository load(Path root, ModelLoader loader) {
		Map<String, Model> models = new LinkedHashMap<>();
		for (Path modelDir : children(root)) {
			String name = modelDir.getFileName().toString();
			List<Path> versionDirs = versions(modelDir);
			if (versionDirs.isEmpty()) {
				logger.warn("Model folder {} has no version folder with a config.json; skipped", modelDir);
				continue;
			}
			models.put(name, loadModel(name, modelDir, versionDirs, loader));
		}
		if (models.isEmpty()) {
			logger.warn("No models found in {}", root.toAbsolutePath());
		}
		return new ModelRepository(root, models);
	}

	private static Model loadModel(String name, Path modelDir, List<Path> versionDirs, ModelLoader loader) {
		List<String> available = versionDirs.stream().map(dir -> dir.getFileName().toString()).toList();
		List<String> selected;
		String defaultVersion;
		try {
			ModelPolicy policy = ModelPolicy.read(modelDir);
			selected = policy.select(available);
			defaultVersion = policy.defaultOf(selected);
		}
		catch (RuntimeException | IOException ex) {
			String highest = available.get(available.size() - 1);
			String failure = (ex.getMessage() != null && ex.getMessage().startsWith(ModelPolicy.FILE)) ? ex.getMessage()
					: ModelPolicy.FILE + ": " + ex.getMessage();
			logger.error("Model {}: {}; not served", name, failure);
			return new Model(name, List.of(new Entry(fallbackConfig(name, highest), null, failure)), highest, failure);
		}
		List<Entry> entries = new ArrayList<>(selected.size());
		for (String version : selected) {
			entries.add(loadOne(name, modelDir.resolve(version), loader));
		}
		return new Model(name, entries, defaultVersion, null);
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

	/**
	 * The version of a model folder that answers a request naming none, as a worker
	 * loading the folder picks it: its {@code model.json}'s {@code defaultVersion}, else
	 * the highest version served. For a reader of the repository that loads a version
	 * itself (the benchmark's in-process baseline), so the default is decided here only.
	 * @throws IOException for a folder without a version folder, or a {@code model.json}
	 * that does not fit the folder
	 */
	public static String defaultVersion(Path modelDir) throws IOException {
		List<String> available = versions(modelDir).stream().map(dir -> dir.getFileName().toString()).toList();
		if (available.isEmpty()) {
			throw new IOException("No version folder with a config.json under " + modelDir);
		}
		ModelPolicy policy = ModelPolicy.read(modelDir);
		return policy.defaultOf(policy.select(available));
	}

	public static ModelConfig readConfig(Path file, String name, String version) throws IOException {
		ModelConfig config = PipelineJson.mapper().readValue(Files.readString(file), ModelConfig.class);
		if (config.name() != null && !config.name().equals(name)) {
			throw new IOException("config.json names model '" + config.name() + "' but its folder is '" + name + "'");
		}
		if (config.version() != null && !config.version().equals(version)) {
			throw new IOException(
					"config.json names version '" + config.version() + "' but its folder is '" + version + "'");
		}
		if (config.backend() == null || config.inputKind() == null) {
			throw new IOException("config.json needs \"backend\" and \"inputKind\"");
		}
		return new ModelConfig(name, version, config.backend(), config.inputKind(), config.description(),
				config.maxBatchSize(), config.maxBatchWaitMs(), config.onnx(), config.parameters(), config.inputs(),
				config.outputs());
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

	/** The version folders with a {@code config.json}, lowest first. */
	static List<Path> versions(Path modelDir) {
		return children(modelDir).stream()
			.filter(dir -> Files.isRegularFile(dir.resolve("config.json")))
			.sorted(VERSION_ORDER)
			.toList();
	}

	private static boolean isNumber(Path dir) {
		return dir.getFileName().toString().matches("\\d{1,18}");
	}

	public Path root() {
		return this.root;
	}

	/** Every model, in folder order. */
	public Collection<Model> models() {
		return this.models.values();
	}

	/** Every served version of every model. */
	public List<Entry> entries() {
		return this.models.values().stream().flatMap(model -> model.versions().stream()).toList();
	}

	public Optional<Model> find(String name) {
		return Optional.ofNullable(this.models.get(name));
	}

	@Override
	public void close() {
		for (Entry entry : entries()) {
			if (entry.model() != null) {
				entry.model().close();
			}
		}
	}

	/**
	 * One model of the repository: the versions it serves, lowest first.
	 *
	 * @param defaultVersion the version a request without {@code modelVersion} reaches
	 * @param failure why the model's {@code model.json} made it unservable, {@code null}
	 * when it did not; its one version is then a placeholder that is not ready
	 */
	public record Model(String name, List<Entry> versions, String defaultVersion, @Nullable String failure) {

		public Model {
			versions = List.copyOf(versions);
		}

		public Optional<Entry> version(String version) {
			return this.versions.stream().filter(entry -> entry.config().version().equals(version)).findFirst();
		}

		public Entry defaultEntry() {
			return version(this.defaultVersion).orElseThrow();
		}

		/** The version names, lowest first. */
		public List<String> versionNames() {
			return this.versions.stream().map(entry -> entry.config().version()).toList();
		}

		/** Whether the default version answers. */
		public boolean ready() {
			return this.failure == null && defaultEntry().ready();
		}

	}

	/**
	 * One version of a model of the repository.
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
