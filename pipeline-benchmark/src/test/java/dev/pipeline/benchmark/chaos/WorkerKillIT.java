package dev.pipeline.benchmark.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault harness, short: its own stack, a few seconds of mixed load, {@code kill -9}
 * of the predictor worker and its restart, then the reconciliation. Every accepted
 * request must have exactly one final result, every charge an accepted request, and the
 * windows must count every result once. No figure about time is asserted.
 */
class WorkerKillIT {

	private static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();

	@Test
	void shouldLoseNothingAndAnswerNothingTwiceWhenTheWorkerIsKilledMidBatch() throws Exception {
		ChaosTiming timing = new ChaosTiming(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(1),
				Duration.ofSeconds(4), Duration.ofSeconds(90), Duration.ofMinutes(4));
		ChaosOptions options = new ChaosOptions(HOME, Path.of("target/chaos-it-data").toAbsolutePath(),
				Path.of("target/chaos-it-results").toAbsolutePath(), List.of(1), timing);

		List<FaultReport> reports = new ChaosRun(options).run();

		assertThat(reports).hasSize(1);
		FaultReport report = reports.get(0);
		assertThat(report.error()).isNull();
		Reconciliation.Outcome outcome = report.outcome();
		assertThat(outcome).isNotNull();
		assertThat(outcome.accepted()).as("requests accepted under load").isPositive();
		assertThat(outcome.lost()).as("accepted requests without a final result").isEmpty();
		assertThat(outcome.twice()).as("requests answered more than once").isEmpty();
		assertThat(outcome.pending()).as("requests still pending after the drain").isEmpty();
		assertThat(outcome.chargedUnits()).as("units charged").isEqualTo(outcome.acceptedUnits());
		assertThat(outcome.windowCount()).as("results counted in the windows").isEqualTo(outcome.distinctResults());
	}

}
