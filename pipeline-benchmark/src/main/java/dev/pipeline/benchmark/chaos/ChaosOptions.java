package dev.pipeline.benchmark.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the fault harness; {@link #USAGE} lists every option.
 *
 * @param dataDir the harness's own stack data directory, wiped at every start
 * @param faults the faults to run, in order
 */
public record ChaosOptions(Path home, Path dataDir, Path out, List<Integer> faults, ChaosTiming timing) {

	public static final String USAGE = """
			Usage: ./chaos.sh [options]
			  --faults <list>           faults to run, by their number in issue 12 (default %s)
			  --quick                   short load and short outages (10 s instead of 60 s)
			  --outage-seconds <n>      how long Redis or PostgreSQL stays down
			  --data-dir <dir>          the harness's own stack data (default .chaos-data; wiped at start)
			  --out <dir>               results root (default benchmark-results); each run writes <out>/chaos-<timestamp>/
			"""
		.formatted(Faults.AVAILABLE.toString().replace(" ", "").replace("[", "").replace("]", ""));

	public static ChaosOptions parse(String[] args, Path home) {
		Path dataDir = home.resolve(".chaos-data");
		Path out = home.resolve("benchmark-results");
		List<Integer> faults = Faults.AVAILABLE;
		ChaosTiming timing = ChaosTiming.standard();
		Duration outage = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--faults" -> faults = faults(value(args, ++i, arg));
				case "--quick" -> timing = ChaosTiming.quick();
				case "--outage-seconds" -> outage = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
				case "--data-dir" -> dataDir = home.resolve(value(args, ++i, arg));
				case "--out" -> out = home.resolve(value(args, ++i, arg));
				default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
			}
		}
		return new ChaosOptions(home, dataDir, out, faults, (outage != null) ? timing.withOutage(outage) : timing);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return args[index];
	}

	private static List<Integer> faults(String list) {
		List<Integer> chosen = new ArrayList<>();
		for (String item : list.split(",")) {
			int number = Integer.parseInt(item.trim());
			if (!Faults.AVAILABLE.contains(number)) {
				throw new IllegalArgumentException(
						"Fault " + number + " is not implemented; choose from " + Faults.AVAILABLE);
			}
			chosen.add(number);
		}
		return List.copyOf(chosen);
	}

}
