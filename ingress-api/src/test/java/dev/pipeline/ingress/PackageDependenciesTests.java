package dev.pipeline.ingress;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Who may depend on whom among the ingress packages, the layers of docs/architecture.md:
 * no cycles, and the packages underneath the features use only packages further down. A
 * lower package that needs something from a higher one declares an interface of its own
 * that the higher one implements ({@code account/QuotaUsage}, implemented by
 * {@code quota/QuotaLedger}), so the layers stay a stack that can be read bottom up.
 * ArchUnit reads the compiled main classes, so a fully-qualified reference counts as much
 * as an import.
 */
class PackageDependenciesTests {

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.pipeline.ingress");

	@Test
	void shouldHaveNoCycleBetweenPackages() {
		// "(**)" makes the root package a slice of its own ("ingress"), so a cycle
		// through
		// IngressApiApplication is caught too; "ingress.(*).." would leave the root out.
		slices().matching("dev.pipeline.(**)")
			.as("the packages of dev.pipeline.ingress, its root package included")
			.should()
			.beFreeOfCycles()
			.check(MAIN_CLASSES);
	}

	@Test
	void shouldUseOnlyLowerLayers() {
		layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.pipeline.ingress..")
			.layer("system")
			.definedBy("dev.pipeline.ingress.system..")
			.layer("redis")
			.definedBy("dev.pipeline.ingress.redis..")
			.layer("account")
			.definedBy("dev.pipeline.ingress.account..")
			.layer("model")
			.definedBy("dev.pipeline.ingress.model..")
			.layer("reply")
			.definedBy("dev.pipeline.ingress.reply..")
			.layer("ratelimit")
			.definedBy("dev.pipeline.ingress.ratelimit..")
			.layer("quota")
			.definedBy("dev.pipeline.ingress.quota..")
			.whereLayer("system")
			.mayNotAccessAnyLayer()
			.whereLayer("redis")
			.mayNotAccessAnyLayer()
			.whereLayer("account")
			.mayOnlyAccessLayers("system", "redis")
			.whereLayer("model")
			.mayOnlyAccessLayers("system", "redis")
			.whereLayer("reply")
			.mayOnlyAccessLayers("system")
			.whereLayer("ratelimit")
			.mayOnlyAccessLayers("account", "system", "redis")
			// The quota decides a synchronous prediction's pending rate limit with its
			// charge, in one Redis round trip (PendingRateLimit); the limit knows nothing
			// of quotas.
			.whereLayer("quota")
			.mayOnlyAccessLayers("account", "ratelimit", "system", "redis")
			.check(MAIN_CLASSES);
	}

}
