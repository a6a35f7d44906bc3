package dev.pipeline.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may import whom among the ingress packages, the layers of docs/architecture.md: no
 * cycles, and the packages underneath the features import only packages further down.
 * Read from the {@code import} lines of the main sources, which is where every
 * cross-package reference in this module is written.
 */
class PackageDependenciesTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/pipeline/ingress");

	private static final Pattern IMPORT = Pattern
		.compile("^import\\s+(?:static\\s+)?dev\\.pipeline\\.ingress\\.([a-z][a-z0-9]*)\\.", Pattern.MULTILINE);

	private final Map<String, Set<String>> imports = readImports();

	@Test
	void shouldHaveNoCycleBetweenPackages() {
		List<String> cycles = new ArrayList<>();
		for (String from : this.imports.keySet()) {
			for (String to : this.imports.get(from)) {
				if (from.compareTo(to) < 0 && reaches(to, from)) {
					cycles.add(from + " <-> " + to);
				}
			}
		}
		assertThat(cycles).as("package cycles, direct and through others").isEmpty();
	}

	@Test
	void shouldImportOnlyLowerLayers() {
		assertThat(this.imports.get("system")).as("system").isEmpty();
		assertThat(this.imports.get("redis")).as("redis").isEmpty();
		assertThat(this.imports.get("account")).as("account").isSubsetOf("system", "redis");
		assertThat(this.imports.get("model")).as("model").isSubsetOf("system", "redis");
		assertThat(this.imports.get("reply")).as("reply").isSubsetOf("system");
		assertThat(this.imports.get("ratelimit")).as("ratelimit").isSubsetOf("account", "system", "redis");
		assertThat(this.imports.get("quota")).as("quota").isSubsetOf("account", "system", "redis");
	}

	private boolean reaches(String from, String target) {
		Set<String> seen = new TreeSet<>();
		Deque<String> next = new ArrayDeque<>(List.of(from));
		while (!next.isEmpty()) {
			for (String to : this.imports.getOrDefault(next.pop(), Set.of())) {
				if (to.equals(target)) {
					return true;
				}
				if (seen.add(to)) {
					next.push(to);
				}
			}
		}
		return false;
	}

	private static Map<String, Set<String>> readImports() {
		Map<String, Set<String>> imports = new TreeMap<>();
		try (Stream<Path> packages = Files.list(SOURCES)) {
			for (Path dir : packages.filter(Files::isDirectory).toList()) {
				String name = dir.getFileName().toString();
				Set<String> targets = new TreeSet<>();
				try (Stream<Path> files = Files.list(dir)) {
					for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
						Matcher matcher = IMPORT.matcher(Files.readString(file));
						while (matcher.find()) {
							targets.add(matcher.group(1));
						}
					}
				}
				targets.remove(name);
				imports.put(name, targets);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(imports).as("packages under " + SOURCES.toAbsolutePath()).containsKeys("account", "quota");
		return imports;
	}

}
