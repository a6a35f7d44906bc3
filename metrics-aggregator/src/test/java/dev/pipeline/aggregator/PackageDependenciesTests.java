package dev.pipeline.aggregator;

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
 * No cycles among the aggregator's packages, its root package included: alerts are
 * derived from windows, so {@code alert} may import {@code window} but not the other way
 * round, and {@code system} stays underneath the features. Read from the {@code import}
 * lines of the main sources, which is where every cross-package reference in this module
 * is written.
 */
class PackageDependenciesTests {

	private static final Path SOURCES = Path.of("src/main/java/dev/pipeline/aggregator");

	/** The name this test gives to {@code dev.pipeline.aggregator} itself. */
	private static final String ROOT = "(root)";

	/** Group 1 is the subpackage; none means a class of the root package. */
	private static final Pattern IMPORT = Pattern.compile(
			"^import\\s+(?:static\\s+)?dev\\.pipeline\\.aggregator\\.(?:([a-z][a-z0-9]*)\\.|[A-Z])", Pattern.MULTILINE);

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
	void shouldKeepSystemUnderneathTheFeatures() {
		assertThat(this.imports.get("system")).as("system").isSubsetOf(ROOT);
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
		try (Stream<Path> packages = Stream.concat(Stream.of(SOURCES), Files.list(SOURCES))) {
			for (Path dir : packages.filter(Files::isDirectory).toList()) {
				String name = dir.equals(SOURCES) ? ROOT : dir.getFileName().toString();
				Set<String> targets = new TreeSet<>();
				try (Stream<Path> files = Files.list(dir)) {
					for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
						Matcher matcher = IMPORT.matcher(Files.readString(file));
						while (matcher.find()) {
							targets.add((matcher.group(1) != null) ? matcher.group(1) : ROOT);
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
		assertThat(imports).as("packages under " + SOURCES.toAbsolutePath()).containsKeys("alert", "window", "system");
		return imports;
	}

}
