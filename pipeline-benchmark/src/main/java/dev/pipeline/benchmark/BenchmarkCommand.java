package dev.pipeline.benchmark;

import java.nio.file.Path;

import dev.pipeline.benchmark.chaos.ChaosCommand;

/**
 * {@code ./benchmark.sh}: measures the pipeline like Triton's perf_analyzer and compares
 * it, in the same run, with the same model called in-process. With {@code chaos} first,
 * the fault harness instead ({@code ./chaos.sh}, {@link ChaosCommand}). Exits 1 with a
 * one-line message on a problem the user can fix (bad option, no stack).
 */
public final class BenchmarkCommand {

	private BenchmarkCommand() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("chaos")) {
			ChaosCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (java.util.Arrays.asList(args).contains("--help")) {
			System.out.print(BenchmarkOptions.USAGE);
			return;
		}
		Path home = Path.of(System.getProperty("pipeline.home", ".")).toAbsolutePath().normalize();
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args, home);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			new BenchmarkRun(options).run();
		}
		catch (IllegalStateException ex) {
			System.err.println("The benchmark stopped: " + ex.getMessage());
			System.exit(1);
		}
		// Kafka and HTTP client threads must not keep the JVM alive after the report.
		System.exit(0);
	}

}
