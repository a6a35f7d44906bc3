package dev.pipeline.benchmark.lists;

import java.nio.file.Path;
import java.util.Optional;

import dev.pipeline.benchmark.BenchmarkOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lists scenario's parts that need no stack: the {@code Link} header it follows and
 * its options. The page times themselves are the benchmark's, never a test's.
 */
class ListsScenarioTests {

	private static final Path HOME = Path.of("").toAbsolutePath().getParent();

	@Test
	void shouldFollowTheNextLinkAsTheIngressWritesIt() {
		assertThat(NextLink.of(Optional.of("</v1/jobs?limit=500&cursor=am9icwAx>; rel=\"next\"")))
			.hasValue("/v1/jobs?limit=500&cursor=am9icwAx");
	}

	@Test
	void shouldFindTheNextLinkAmongOthersAndNoneOnTheLastPage() {
		assertThat(NextLink.of(Optional.of("</v1/jobs>; rel=\"first\", </v1/jobs?cursor=b>; rel=\"prev next\"")))
			.hasValue("/v1/jobs?cursor=b");
		assertThat(NextLink.of(Optional.of("</v1/jobs?cursor=a>; title=\"x\"; rel=next")))
			.hasValue("/v1/jobs?cursor=a");
		assertThat(NextLink.of(Optional.of("</v1/jobs?cursor=a>; rel=\"prev\""))).isEmpty();
		assertThat(NextLink.of(Optional.empty())).isEmpty();
	}

	@Test
	void shouldWriteAMillionJobsByDefaultAndATenthWithQuick() {
		assertThat(BenchmarkOptions.parse(new String[0], HOME).runs("lists")).isFalse();

		assertThat(BenchmarkOptions.parse(new String[] { "--scenarios", "lists" }, HOME).listJobs())
			.isEqualTo(1_000_000);
		assertThat(BenchmarkOptions.parse(new String[] { "--scenarios", "lists", "--quick" }, HOME).listJobs())
			.isEqualTo(100_000);
		assertThat(BenchmarkOptions.parse(new String[] { "--quick", "--list-jobs", "5000" }, HOME).listJobs())
			.isEqualTo(5_000);
	}

}
