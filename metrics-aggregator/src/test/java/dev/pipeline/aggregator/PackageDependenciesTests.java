package dev.pipeline.aggregator;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No cycles among the aggregator's packages, its root package included: alerts are
 * derived from windows, so {@code alert} may depend on {@code window} but not the other
 * way round, and {@code system} stays underneath the features. ArchUnit reads the
 * compiled main classes, so a fully-qualified reference counts as much as an import.
 */
class PackageDependenciesTests {

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pipeline.aggregator");

	@Test
	void shouldHaveNoCycleBetweenPackages() {
		// "(**)" makes the root package a slice of its own ("aggregator"), so a cycle
		// through
		// AggregatorProperties is caught too; "aggregator.(*).." would leave the root
		// out.
		slices().matching("dev.pipeline.(**)")
			.as("the packages of dev.pipeline.aggregator, its root package included")
			.should()
			.beFreeOfCycles()
			.check(MAIN_CLASSES);
	}

	@Test
	void shouldKeepSystemUnderneathTheFeatures() {
		noClasses().that()
			.resideInAPackage("dev.pipeline.aggregator.system..")
			.should()
			.dependOnClassesThat(resideInAPackage("dev.pipeline.aggregator..")
				.and(not(resideInAnyPackage("dev.pipeline.aggregator", "dev.pipeline.aggregator.system..")))
				.as("reside in a feature package of dev.pipeline.aggregator"))
			.check(MAIN_CLASSES);
	}

}
