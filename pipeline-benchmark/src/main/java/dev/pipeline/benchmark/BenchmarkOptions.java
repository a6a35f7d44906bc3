package dev.pipeline.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.pipeline.benchmark.load.MeasurementSettings;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the benchmark; {@link #USAGE} lists every option.
 *
 * @param attach a running stack's {@code stack.json}; {@code null} to find or start one
 * @param scenarios which of {@link #SELECTABLE} run
 * @param rateFractions open-loop rates, as fractions of the scenario's best closed-loop
 * throughput
 * @param intraOpThreads ONNX Runtime threads per call of the in-process baseline (the
 * worker's default: 1)
 * @param batchCallers concurrent batched calls of the in-process baseline (the worker's
 * default: one per core)
 * @param aggregatorResults results the aggregator scenario writes at once
 * @param compressionInstances instances of the compression scenario's prediction
 * @param listJobs jobs the lists scenario writes for its account before paging
 * @param stackEnvironment extra environment for a stack the benchmark starts: Spring
 * settings of the services in environment form, for tuning runs without a code change
 * @param sentimentVersions the {@code sentiment} versions the in-process baseline
 * measures side by side; empty for every version folder of the repository
 * @param modelVersions the {@code sentiment} versions the pipeline scenarios pin with
 * {@code modelVersion}, one sweep each; empty for one sweep that names none
 * @param steadyStateSeconds how long the steady-state scenario records its curve
 * @param kafkaConcurrency the closed-loop points of the kafka scenario: records a direct
 * producer keeps in flight
 */
public record BenchmarkOptions(Path home, @Nullable Path attach, Path dataDir, Path out, Path models,
		@Nullable Path texts, Set<String> scenarios, List<Integer> concurrency, List<Integer> batchSizes,
		List<Double> rateFractions, int intraOpThreads, int batchCallers, int aggregatorResults,
		int compressionInstances, int listJobs, Map<String, String> stackEnvironment, MeasurementSettings measurement,
		List<String> sentimentVersions, List<String> modelVersions, int steadyStateSeconds,
		List<Integer> kafkaConcurrency) {

	/** The short names accepted by {@code --scenarios}. */
	public static final List<String> SELECTABLE = List.of("inprocess", "direct-http", "sync", "jobs", "jobs-events",
			"kafka", "kalman", "kafka-floor", "aggregator", "scale", "compression", "lists", "steady-state");

	/**
	 * What runs without {@code --scenarios}: all but the aggregator's, which writes tens
	 * of thousands of made-up results into the stack and measures a consumer of results,
	 * not the path of a prediction, and the scale scenario's, which starts a stack of its
	 * own and takes several minutes.
	 */
	static final List<String> DEFAULT_SCENARIOS = List.of("inprocess", "direct-http", "sync", "jobs", "jobs-events",
			"kafka", "kalman", "kafka-floor");

	/**
	 * The scenarios that drive predictions through a warm stack; the compression scenario
	 * compares two codings of the same calls, which a stack still compiling its hot paths
	 * would blur.
	 */
	static final List<String> PREDICTING = List.of("sync", "jobs", "jobs-events", "kafka", "kalman", "compression");

	/**
	 * Points the kafka scenario adds to {@code --concurrency} unless told otherwise: a
	 * producer that writes to Kafka directly does not wait for one result before it sends
	 * the next, and 64 records in flight do not saturate the path (the worker takes a
	 * poll of up to {@code max-poll-records} requests in one transaction, so what a
	 * record costs falls as more are in flight; docs/benchmarks.md).
	 */
	static final List<Integer> KAFKA_DEPTHS = List.of(256, 1024);

	/** The lists scenario's jobs without {@code --list-jobs}: the million of issue 17. */
	static final int LIST_JOBS = 1_000_000;

	/** The lists scenario's jobs with {@code --quick}: generating them takes seconds. */
	static final int QUICK_LIST_JOBS = 100_000;

	/**
	 * Scenarios that need no running stack: the baselines, and scale, which starts its
	 * own.
	 */
	static final List<String> STACKLESS = List.of("inprocess", "direct-http", "scale");

	public static final String USAGE = """
			Usage: ./benchmark.sh [options]
			  --attach <stack.json>     measure a running stack (default: the one in --data-dir if running, else start one)
			  --data-dir <dir>          the local stack's data directory (default .pipeline-data)
			  --quick                   2 s windows, at most 5 per point, 4 s warm-up (default 5 s, 10, 10 s)
			  --scenarios <list>        any of inprocess,direct-http,sync,jobs,jobs-events,kafka,kalman,kafka-floor,
			                            aggregator,scale,compression,lists,steady-state (default all but aggregator,
			                            scale, compression, lists and steady-state; scale starts a stack of its own
			                            after the others; steady-state runs first, on the stack just started,
			                            docs/benchmarks.md)
			  --steady-state-seconds <n>  how long steady-state records one caller's latency, in 10 s windows
			                            (default 300)
			  --baseline-only           only the in-process baseline; no stack needed
			  --concurrency <list>      closed-loop outstanding requests (default 1,4,16,64)
			  --kafka-concurrency <list>  the kafka scenario's records in flight (default: --concurrency's, then
			                            256 and 1024: a direct producer keeps many in flight)
			  --batch-sizes <list>      in-process batch sizes (default 1,8,16,32)
			  --rates <list>            open-loop rates as fractions of the best closed-loop throughput (default 0.5,0.9)
			  --window-seconds <n>      measurement window (seconds)
			  --max-windows <n>         windows per point before giving up on stability
			  --stable-windows <n>      consecutive windows that must agree (default 3)
			  --tolerance <f>           allowed spread of those windows (default 0.10)
			  --warmup-seconds <n>      unrecorded load before each scenario
			  --intra-op-threads <n>    ONNX Runtime threads per in-process call (default 1, as the worker; 0 = all cores)
			  --batch-callers <n>       concurrent in-process batched calls (default: cores, as the worker's batch runners)
			  --aggregator-results <n>  results the aggregator scenario writes at once (default 30000)
			  --compression-instances <n>  instances of the compression scenario's prediction (default 100; the
			                            stack's ingress.prediction.limits.max-instances if that is lower)
			  --list-jobs <n>           jobs the lists scenario writes for its own account (default 1000000,
			                            --quick 100000)
			  --stack-env NAME=VALUE    environment for a stack the benchmark starts (repeatable), e.g.
			                            PREDICTOR_MODELS_INTRAOPTHREADS=0 or SPRING_KAFKA_PRODUCER_PROPERTIES_LINGER_MS=5
			  --models <dir>            model repository (default models)
			  --sentiment-versions <list>  sentiment versions measured in-process side by side (default: every version
			                            folder); scenarios of a version other than 1 are named ...-v<version>
			  --model-versions <list>   sentiment versions the sync, jobs and kafka scenarios pin with modelVersion,
			                            one sweep each (default: one sweep naming no version, the model's default answers)
			  --texts <file.json>       texts to send: a JSON array of strings or {"text": ...} objects
			  --out <dir>               results root (default benchmark-results); each run writes <out>/<timestamp>/
			""";

	public static BenchmarkOptions parse(String[] args, Path home) {
		Path attach = null;
		Path dataDir = home.resolve(".pipeline-data");
		Path out = home.resolve("benchmark-results");
		Path models = home.resolve("models");
		Path texts = null;
		Set<String> scenarios = new TreeSet<>(DEFAULT_SCENARIOS);
		List<Integer> concurrency = List.of(1, 4, 16, 64);
		List<Integer> kafkaConcurrency = null;
		List<Integer> batchSizes = List.of(1, 8, 16, 32);
		List<Double> rates = List.of(0.5, 0.9);
		int intraOpThreads = 1;
		int batchCallers = Runtime.getRuntime().availableProcessors();
		int aggregatorResults = 30_000;
		int compressionInstances = 100;
		Integer listJobs = null;
		Map<String, String> stackEnvironment = new LinkedHashMap<>();
		List<String> sentimentVersions = List.of();
		List<String> modelVersions = List.of();
		int steadyStateSeconds = 300;
		MeasurementSettings base = MeasurementSettings.standard();
		Duration window = null;
		Integer maxWindows = null;
		Integer stableWindows = null;
		Double tolerance = null;
		Duration warmup = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--attach" -> attach = home.resolve(value(args, ++i, arg));
				case "--data-dir" -> dataDir = home.resolve(value(args, ++i, arg));
				case "--out" -> out = home.resolve(value(args, ++i, arg));
				case "--models" -> models = home.resolve(value(args, ++i, arg));
				case "--texts" -> texts = home.resolve(value(args, ++i, arg));
				case "--quick" -> base = MeasurementSettings.quick();
				case "--baseline-only" -> scenarios = new TreeSet<>(Set.of("inprocess"));
				case "--scenarios" -> scenarios = scenarios(value(args, ++i, arg));
				case "--concurrency" -> concurrency = integers(value(args, ++i, arg));
				case "--kafka-concurrency" -> kafkaConcurrency = integers(value(args, ++i, arg));
				case "--batch-sizes" -> batchSizes = integers(value(args, ++i, arg));
				case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
					.map(String::trim)
					.map(Double::parseDouble)
					.toList();
				case "--window-seconds" ->
					window = Duration.ofMillis((long) (1000 * Double.parseDouble(value(args, ++i, arg))));
				case "--max-windows" -> maxWindows = Integer.parseInt(value(args, ++i, arg));
				case "--stable-windows" -> stableWindows = Integer.parseInt(value(args, ++i, arg));
				case "--tolerance" -> tolerance = Double.parseDouble(value(args, ++i, arg));
				case "--warmup-seconds" ->
					warmup = Duration.ofMillis((long) (1000 * Double.parseDouble(value(args, ++i, arg))));
				case "--intra-op-threads" -> intraOpThreads = Integer.parseInt(value(args, ++i, arg));
				case "--batch-callers" -> batchCallers = Integer.parseInt(value(args, ++i, arg));
				case "--aggregator-results" -> aggregatorResults = integers(value(args, ++i, arg)).get(0);
				case "--compression-instances" -> compressionInstances = integers(value(args, ++i, arg)).get(0);
				case "--list-jobs" -> listJobs = integers(value(args, ++i, arg)).get(0);
				case "--sentiment-versions" -> sentimentVersions = names(value(args, ++i, arg));
				case "--model-versions" -> modelVersions = names(value(args, ++i, arg));
				case "--steady-state-seconds" -> steadyStateSeconds = integers(value(args, ++i, arg)).get(0);
				case "--stack-env" -> {
					String setting = value(args, ++i, arg);
					int equals = setting.indexOf('=');
					if (equals < 1) {
						throw new IllegalArgumentException("--stack-env needs NAME=VALUE, got " + setting);
					}
					stackEnvironment.put(setting.substring(0, equals), setting.substring(equals + 1));
				}
				default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
			}
		}
		MeasurementSettings measurement = new MeasurementSettings((window != null) ? window : base.window(),
				(stableWindows != null) ? stableWindows : base.stableWindows(),
				(tolerance != null) ? tolerance : base.tolerance(),
				(maxWindows != null) ? maxWindows
						: Math.max(base.maxWindows(), (stableWindows != null) ? stableWindows : base.stableWindows()),
				(warmup != null) ? warmup : base.warmup());
		return new BenchmarkOptions(home, attach, dataDir, out, models, texts, scenarios, concurrency, batchSizes,
				rates, intraOpThreads, batchCallers, aggregatorResults, compressionInstances,
				(listJobs != null) ? listJobs
						: (base.equals(MeasurementSettings.quick()) ? QUICK_LIST_JOBS : LIST_JOBS),
				Map.copyOf(stackEnvironment), measurement, sentimentVersions, modelVersions, steadyStateSeconds,
				(kafkaConcurrency != null) ? kafkaConcurrency : deeper(concurrency, KAFKA_DEPTHS));
	}

	/** {@code points}, then those of {@code depths} beyond its largest. */
	private static List<Integer> deeper(List<Integer> points, List<Integer> depths) {
		int largest = points.stream().mapToInt(Integer::intValue).max().orElse(0);
		List<Integer> all = new ArrayList<>(points);
		depths.stream().filter(depth -> depth > largest).forEach(all::add);
		return List.copyOf(all);
	}

	private static List<String> names(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
	}

	public boolean runs(String scenario) {
		return this.scenarios.contains(scenario);
	}

	/**
	 * Whether any scenario sends predictions through the stack, which must be warm first.
	 */
	public boolean predictsThroughStack() {
		return PREDICTING.stream().anyMatch(this::runs);
	}

	/**
	 * Whether any scenario needs the running pipeline (the scale scenario starts its
	 * own).
	 */
	public boolean needsStack() {
		return this.scenarios.stream().anyMatch(scenario -> !STACKLESS.contains(scenario));
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
		}
		return args[index];
	}

	private static Set<String> scenarios(String list) {
		Set<String> chosen = new TreeSet<>();
		for (String name : list.split(",")) {
			String trimmed = name.trim();
			if (!SELECTABLE.contains(trimmed)) {
				throw new IllegalArgumentException("Unknown scenario " + trimmed + "; choose from " + SELECTABLE);
			}
			chosen.add(trimmed);
		}
		return chosen;
	}

	private static List<Integer> integers(String list) {
		List<Integer> values = new ArrayList<>();
		for (String value : list.split(",")) {
			int parsed = Integer.parseInt(value.trim());
			if (parsed < 1) {
				throw new IllegalArgumentException("Expected positive whole numbers, got " + list);
			}
			values.add(parsed);
		}
		return List.copyOf(values);
	}

}
