package dev.pipeline.benchmark.chaos;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./chaos.sh} ({@code pipeline-benchmark chaos ...}): the fault harness. Exits 0
 * when every fault reconciled clean, 1 when one did not (the table says which), 2 on a
 * bad option.
 */
public final class ChaosCommand {

	private ChaosCommand() {
	}

	public static void main(String[] args) throws Exception {
		if (Arrays.asList(args).contains("--help")) {
			System.out.print(ChaosOptions.USAGE);
			return;
		}
		Path home = Path.of(System.getProperty("pipeline.home", ".")).toAbsolutePath().normalize();
		ChaosOptions options;
		try {
			options = ChaosOptions.parse(args, home);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		List<FaultReport> reports = new ChaosRun(options).run();
		boolean clean = reports.size() == options.faults().size() && reports.stream().allMatch(FaultReport::clean);
		// Kafka and HTTP client threads must not keep the JVM alive after the report.
		System.exit(clean ? 0 : 1);
	}

}
