package dev.pipeline.predictor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code model.json} of one model folder, next to its version folders: which versions
 * are served at once (Triton's {@code version_policy}) and which of them answers a
 * request that names none. Without the file, Triton's default: the highest version alone,
 * which is then the default.
 *
 * @param versionPolicy exactly one of {@code latest}, {@code all} or {@code specific};
 * {@code null} for Triton's default, {@code latest 1}
 * @param defaultVersion the version a request without {@code modelVersion} reaches;
 * {@code null} for the highest served one. Must be served
 */
public record ModelPolicy(@Nullable VersionPolicy versionPolicy, @Nullable String defaultVersion) {

	/** The file's name in the model folder. */
	public static final String FILE = "model.json";

	/** Triton's default: the highest version alone. */
	public static final ModelPolicy DEFAULT = new ModelPolicy(null, null);

	/**
	 * Read strictly: a misspelt key in a file an operator writes by hand is an error, not
	 * silently the default policy.
	 */
	private static final JsonMapper STRICT = PipelineJson.mapper()
		.rebuild()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/** The model folder's policy, {@link #DEFAULT} without a {@code model.json}. */
	static ModelPolicy read(Path modelDir) throws IOException {
		Path file = modelDir.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			return DEFAULT;
		}
		ModelPolicy policy = STRICT.readValue(Files.readString(file), ModelPolicy.class);
		if (policy == null) {
			throw new IOException("model.json is empty");
		}
		return policy;
	}

	/**
	 * The versions to serve out of those the folder has, lowest first, and checks the
	 * default is one of them.
	 * @param available the version folders with a {@code config.json}, lowest first
	 * @throws IOException for a policy that does not fit the folder: none or several
	 * policies, {@code numVersions} below 1, a named version without a folder, a default
	 * that is not served
	 */
	List<String> select(List<String> available) throws IOException {
		List<String> selected = (this.versionPolicy != null) ? this.versionPolicy.select(available)
				: available.subList(available.size() - 1, available.size());
		if (this.defaultVersion != null && !selected.contains(this.defaultVersion)) {
			throw new IOException("model.json: defaultVersion '" + this.defaultVersion
					+ "' is not among the served versions " + selected);
		}
		return selected;
	}

	/** The default version among the selected ones. */
	String defaultOf(List<String> selected) {
		return (this.defaultVersion != null) ? this.defaultVersion : selected.get(selected.size() - 1);
	}

	/**
	 * Triton's three policies; exactly one is set.
	 *
	 * @param latest the highest {@code numVersions} versions
	 * @param all every version folder
	 * @param specific the versions named
	 */
	public record VersionPolicy(@Nullable Latest latest, @Nullable All all, @Nullable Specific specific) {

		List<String> select(List<String> available) throws IOException {
			int set = ((this.latest != null) ? 1 : 0) + ((this.all != null) ? 1 : 0)
					+ ((this.specific != null) ? 1 : 0);
			if (set != 1) {
				throw new IOException(
						"model.json: versionPolicy needs exactly one of \"latest\", \"all\" or \"specific\"");
			}
			if (this.all != null) {
				return available;
			}
			if (this.latest != null) {
				if (this.latest.numVersions() < 1) {
					throw new IOException("model.json: latest.numVersions must be 1 or more");
				}
				return available.subList(Math.max(0, available.size() - this.latest.numVersions()), available.size());
			}
			List<String> named = (this.specific.versions() != null) ? this.specific.versions() : List.of();
			if (named.isEmpty()) {
				throw new IOException("model.json: specific.versions must name at least one version");
			}
			for (String version : named) {
				if (!available.contains(version)) {
					throw new IOException("model.json: version '" + version
							+ "' has no folder with a config.json; the folder has " + available);
				}
			}
			return available.stream().filter(named::contains).toList();
		}

	}

	/**
	 * @param numVersions how many of the highest versions
	 */
	public record Latest(int numVersions) {
	}

	/** Every version. */
	public record All() {
	}

	/**
	 * @param versions the versions served
	 */
	public record Specific(@Nullable List<String> versions) {
	}

}
