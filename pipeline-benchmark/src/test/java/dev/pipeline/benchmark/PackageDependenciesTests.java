package dev.pipeline.benchmark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No cycles among the benchmark's packages, its root package included: the root runs the
 * benchmark with {@code load}, {@code stack}, {@code target} and {@code report}, none of
 * which depends on it back. ArchUnit reads the compiled main classes, so a
 * fully-qualified reference counts as much as an import.
 */
class PackageDependenciesTests {

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pipeline.benchmark");

	@Test
	void shouldHaveNoCycleBetweenPackages() {
		// "(**)" makes the root package a slice of its own ("benchmark"), so a cycle
		// through
		// BenchmarkRun is caught too; "benchmark.(*).." would leave the root out.
		slices().matching("dev.pipeline.(**)")
			.as("the packages of dev.pipeline.benchmark, its root package included")
			.should()
			.beFreeOfCycles()
			.check(MAIN_CLASSES);
	}

}
