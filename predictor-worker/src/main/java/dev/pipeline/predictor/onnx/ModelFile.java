package dev.pipeline.predictor.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Where a model artifact comes from: a file in the version folder (a user's own
 * {@code model.onnx} / {@code tokenizer.json}, which always wins), or a config reference,
 * either {@code classpath:<resource>} (the shipped encoder lives in a Maven artifact, not
 * in git) or a path relative to the version folder.
 */
record ModelFile(String description, InputStreamSource source) {

	static final String CLASSPATH_PREFIX = "classpath:";

	static ModelFile resolve(Path versionDir, String conventionalName, @Nullable String reference) throws IOException {
		Path conventional = versionDir.resolve(conventionalName);
		if (Files.isRegularFile(conventional)) {
			return ofPath(conventional);
		}
		if (reference == null) {
			throw new IOException("No " + conventional + " and no reference to one in config.json");
		}
		if (reference.startsWith(CLASSPATH_PREFIX)) {
			String resource = reference.substring(CLASSPATH_PREFIX.length());
			if (ModelFile.class.getClassLoader().getResource(resource) == null) {
				throw new IOException("Classpath resource not found: " + resource);
			}
			return new ModelFile(reference, () -> ModelFile.class.getClassLoader().getResourceAsStream(resource));
		}
		Path path = versionDir.resolve(reference);
		if (!Files.isRegularFile(path)) {
			throw new IOException("Model file not found: " + path);
		}
		return ofPath(path);
	}

	private static ModelFile ofPath(Path path) {
		return new ModelFile(path.toString(), () -> Files.newInputStream(path));
	}

	byte[] readAllBytes() throws IOException {
		try (InputStream in = this.source.open()) {
			return in.readAllBytes();
		}
	}

	InputStream open() throws IOException {
		return this.source.open();
	}

	@FunctionalInterface
	interface InputStreamSource {

		InputStream open() throws IOException;

	}

}
