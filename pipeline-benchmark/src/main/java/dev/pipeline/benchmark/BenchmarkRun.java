package dev.pipeline.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.benchmark.compression.CompressionScenario;
import dev.pipeline.benchmark.lists.ListsScenario;
import dev.pipeline.benchmark.load.LoadGenerator;
import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.load.PointResult;
import dev.pipeline.benchmark.report.BaselineComparison;
import dev.pipeline.benchmark.report.GitCommit;
import dev.pipeline.benchmark.report.Machine;
import dev.pipeline.benchmark.report.ResultFiles;
import dev.pipeline.benchmark.report.ResultTable;
import dev.pipeline.benchmark.report.Scenarios;
import dev.pipeline.benchmark.report.RunReport;
import dev.pipeline.benchmark.scale.ScaleRun;
import dev.pipeline.benchmark.stack.BenchmarkAccount;
import dev.pipeline.benchmark.stack.ConsumerLagSampler;
import dev.pipeline.benchmark.stack.LocalStackLauncher;
import dev.pipeline.benchmark.stack.ProcFs;
import dev.pipeline.benchmark.stack.ProcessCpu;
import dev.pipeline.benchmark.stack.ServiceMemory;
import dev.pipeline.benchmark.stack.StackFile;
import dev.pipeline.benchmark.steady.SteadyStateScenario;
import dev.pipeline.benchmark.target.AggregatorThroughput;
import dev.pipeline.benchmark.target.AsyncJobs;
import dev.pipeline.benchmark.target.DirectHttp;
import dev.pipeline.benchmark.target.InProcessModel;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.benchmark.target.KafkaDirect;
import dev.pipeline.benchmark.target.KafkaFloor;
import dev.pipeline.benchmark.target.RestPredictions;
import dev.pipeline.benchmark.target.Workload;
import dev.pipeline.contracts.Topics;
import dev.pipeline.predictor.model.ModelConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: the in-process and direct HTTP baselines first (while the stack, if
 * any, is idle), then, once the stack is warm, Kafka's own one-hop latency and every
 * pipeline scenario with its concurrency sweep and open-loop rates, then memory, the
 * comparison with the baselines, and the results folder.
 */
public final class BenchmarkRun {

	private static final Logger logger = LoggerFactory.getLogger(BenchmarkRun.class);

	private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	/**
	 * Every request of the benchmark comes from one address, so the ingress's
	 * per-client-IP limit (docs/accounts.md, default 6,000 a minute) would refuse most of
	 * them; a stack the benchmark starts gets a limit it cannot reach. The check itself
	 * still runs on every request.
	 */
	static final Map<String, String> STACK_ENVIRONMENT = Map.of("INGRESS_RATELIMIT_PERIPPERMINUTE", "100000000");

	/** The stack's warm-up before the first pipeline scenario, in scenario warm-ups. */
	private static final int STACK_WARMUP_FACTOR = 6;

	/**
	 * The compression and lists scenarios' points: one caller for the latency of a call
	 * alone, four for the CPU of each coding under load.
	 */
	private static final List<Integer> SIDE_CALLERS = List.of(1, 4);

	/** Callers used while warming a scenario up: enough to fill a batch now and then. */
	private static final int WARMUP_CALLERS = 4;

	private final BenchmarkOptions options;

	private final LoadGenerator load;

	private final Workload workload;

	private final List<PointResult> points = new ArrayList<>();

	private final Map<String, Object> settings = new LinkedHashMap<>();

	private final Map<String, Object> measurements = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private @Nullable ProcessCpu cpu;

	private @Nullable IngressClient client;

	private boolean steadyStateRan;

	public BenchmarkRun(BenchmarkOptions options) {
		this.options = options;
		this.load = new LoadGenerator(options.measurement());
		this.workload = Workload.load(options.texts());
	}

	/** Runs everything and returns the folder the results were written to. */
	public Path run() throws Exception {
		Instant started = Instant.now();
		Machine machine = Machine.current();
		Path folder = this.options.out().resolve(FOLDER.format(started));
		Files.createDirectories(folder);
		recordSettings();
		Map<String, Map<String, Double>> memory = Map.of();
		LocalStackLauncher launched = null;
		Long stackHealthy = null;
		try {
			StackFile stack = null;
			if (this.options.needsStack()) {
				Optional<StackFile> running = runningStack();
				if (running.isPresent()) {
					stack = running.get();
				}
				else {
					Map<String, String> environment = stackEnvironment();
					this.settings.put("stackEnvironment", environment);
					launched = LocalStackLauncher.start(this.options.home(), this.options.dataDir(),
							folder.resolve("stack.log"), environment);
					stack = launched.stack();
					stackHealthy = System.nanoTime();
				}
				this.settings.put("stack", Map.of("ingressUrl", stack.ingressUrl(), "kafkaBootstrapServers",
						stack.kafkaBootstrapServers(), "started", launched != null));
				if (this.options.runs(Scenarios.STEADY_STATE)) {
					// First, before any baseline or warm-up: the curve of a stack as a
					// user
					// meets it.
					measureSteadyState(stack, (stackHealthy != null) ? (System.nanoTime() - stackHealthy) / 1e9 : null);
				}
			}
			if (this.options.runs("inprocess")) {
				runBaseline();
			}
			if (this.options.runs("direct-http")) {
				runDirectHttp();
			}
			if (stack != null) {
				runPipeline(stack);
				memory = ServiceMemory.read(stack.servicePids());
				if (!ProcFs.available()) {
					this.notes.add(ProcFs.notMeasured("Memory per service"));
				}
			}
		}
		finally {
			if (launched != null) {
				launched.close();
			}
		}
		if (this.options.runs("scale") && !ProcFs.available()) {
			this.notes.add(ProcFs.notMeasured("The scale scenario (CPU per step; extra workers started with the "
					+ "first one's command line and environment)"));
		}
		else if (this.options.runs("scale")) {
			// After the other stack has stopped: one stack at a time on the machine.
			this.measurements.put(ScaleRun.NAME,
					new ScaleRun(this.options.home(), folder, this.options.out().resolve("scale-data"),
							this.options.measurement(), this.options.concurrency(), this.options.kafkaConcurrency(),
							this.options.models(), this.options.intraOpThreads(), this.options.batchCallers(),
							this.workload, stackEnvironment())
						.run());
		}
		this.notes.add("Load average (1, 5, 15 min) was " + machine.loadAverage() + " at the start and "
				+ Machine.currentLoadAverage() + " at the end, on " + machine.cores()
				+ " cores; the load generator, the stack and anything else running share them.");
		if (this.measurements.get(Scenarios.KAFKA_FLOOR) instanceof Map<?, ?> floor) {
			this.measurements.put(Scenarios.KAFKA_FLOOR, BaselineComparison.besideFloor(floor, this.points));
		}
		RunReport report = new RunReport(started.toString(), GitCommit.describe(this.options.home()), machine,
				Machine.currentLoadAverage(), this.settings, List.copyOf(this.points),
				BaselineComparison.compare(this.points), BaselineComparison.goals(this.points), memory,
				this.measurements, this.notes);
		ResultFiles.write(folder, report);
		System.out.println();
		System.out.print(ResultTable.render(report));
		System.out.println("Results: " + folder);
		return folder;
	}

	private Map<String, String> stackEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>(STACK_ENVIRONMENT);
		environment.putAll(this.options.stackEnvironment());
		return environment;
	}

	private Optional<StackFile> runningStack() throws Exception {
		Path file = (this.options.attach() != null) ? this.options.attach()
				: this.options.dataDir().resolve("stack.json");
		if (Files.isRegularFile(file)) {
			StackFile stack = StackFile.read(file);
			if (stack.isRunning()) {
				logger.info("Attaching to the running stack at {} ({})", stack.ingressUrl(), file);
				return Optional.of(stack);
			}
			logger.warn("{} names a stack that is no longer running", file);
		}
		if (this.options.attach() != null) {
			throw new IllegalStateException("No running stack at " + file);
		}
		return Optional.empty();
	}

	private void recordSettings() {
		Map<String, Object> measurement = new LinkedHashMap<>();
		measurement.put("windowSeconds", this.options.measurement().window().toMillis() / 1000.0);
		measurement.put("stableWindows", this.options.measurement().stableWindows());
		measurement.put("tolerance", this.options.measurement().tolerance());
		measurement.put("maxWindows", this.options.measurement().maxWindows());
		measurement.put("warmupSeconds", this.options.measurement().warmup().toMillis() / 1000.0);
		this.settings.put("measurement", measurement);
		this.settings.put("scenarios", this.options.scenarios());
		this.settings.put("concurrency", this.options.concurrency());
		this.settings.put("kafkaConcurrency", this.options.kafkaConcurrency());
		this.settings.put("batchSizes", this.options.batchSizes());
		this.settings.put("openLoopRateFractions", this.options.rateFractions());
		this.settings.put("texts", (this.options.texts() != null) ? this.options.texts().toString()
				: "bundled benchmark-sentences.txt (" + this.workload.textCount() + " sentences)");
		this.settings.put("inProcessIntraOpThreads", this.options.intraOpThreads());
		this.settings.put("inProcessBatchCallers", this.options.batchCallers());
		this.settings.put("kafkaDirectProducer", KafkaDirect.PRODUCER_SETTINGS);
		this.settings.put("kafkaDirectConsumer", KafkaDirect.CONSUMER_SETTINGS);
	}

	/**
	 * Every sentiment version asked for, one after the other in this JVM (each alone on
	 * the cores while it is measured), then the Kalman filter.
	 */
	private void runBaseline() throws Exception {
		List<String> versions = this.options.sentimentVersions().isEmpty()
				? InProcessModel.versions(this.options.models().resolve("sentiment"))
				: this.options.sentimentVersions();
		Map<String, Object> sentimentModels = new LinkedHashMap<>();
		for (String version : versions) {
			try (InProcessModel sentiment = InProcessModel.load(this.options.models(), "sentiment", version,
					this.options.intraOpThreads(), this.workload)) {
				ModelConfig config = sentiment.config();
				sentimentModels.put(version,
						Map.of("version", config.version(), "maxBatchSize", config.maxBatchSize(), "maxBatchWaitMs",
								config.maxBatchWaitMs(), "maxSequenceLength",
								(config.onnx() != null) ? config.onnx().maxSequenceLength() : 0));
				this.load.warmUp(sentiment.single(), WARMUP_CALLERS);
				for (int callers : this.options.concurrency()) {
					this.points.add(this.load.closedLoop(Scenarios.versioned(Scenarios.INPROCESS_SENTIMENT, version),
							sentiment.single(), callers));
				}
				for (int size : this.options.batchSizes()) {
					this.points
						.add(this.load.batched(Scenarios.versioned(Scenarios.INPROCESS_SENTIMENT_BATCHED, version),
								sentiment.batch(size), size, this.options.batchCallers()));
				}
			}
		}
		this.settings.put("sentimentModels", sentimentModels);
		try (InProcessModel kalman = InProcessModel.load(this.options.models(), "kalman", null, 0, this.workload)) {
			this.load.warmUp(kalman.single(), WARMUP_CALLERS);
			for (int callers : this.options.concurrency()) {
				this.points.add(this.load.closedLoop(Scenarios.INPROCESS_KALMAN, kalman.single(), callers));
			}
		}
	}

	/**
	 * The direct HTTP baseline, in this JVM like the in-process one and, like it, while
	 * the stack is idle; measured as the synchronous REST scenario is.
	 */
	private void runDirectHttp() throws Exception {
		try (DirectHttp direct = DirectHttp.start(this.options.models(), List.of("sentiment", "kalman"),
				this.options.intraOpThreads())) {
			this.settings.put("directHttp", direct.settings());
			sweep(Scenarios.DIRECT_HTTP_SENTIMENT, direct.sentiment(this.workload), null, true);
			sweep(Scenarios.DIRECT_HTTP_KALMAN, direct.kalman(this.workload), null, true);
		}
	}

	/**
	 * Kafka's own latency tool against the stack's broker, after the warm-up and before
	 * any scenario loads the stack.
	 */
	private void measureFloor(StackFile stack) {
		logger.info("Measuring one Kafka hop with EndToEndLatency ({} records)", KafkaFloor.RECORDS);
		this.measurements.put(Scenarios.KAFKA_FLOOR,
				KafkaFloor.measure(stack.kafkaBootstrapServers(), KafkaFloor.RECORDS));
	}

	/**
	 * The stack's CPU sampler and a client with the benchmark's account, made once per
	 * run.
	 */
	private IngressClient connect(StackFile stack) throws Exception {
		if (this.client != null) {
			return this.client;
		}
		this.cpu = ProcessCpu.of(stack, stack.jdbcUrl()).orElse(null);
		if (this.cpu == null) {
			this.notes.add(ProcFs.notMeasured("CPU per process (cpuCores, cpuMsPerPrediction)"));
		}
		Optional<String> apiKey = BenchmarkAccount.create(stack.ingressUrl(), stack.adminToken());
		this.settings.put("account",
				apiKey.isPresent() ? "created through the admin API (limits checked on every request)"
						: "none (the stack has no accounts API)");
		this.client = new IngressClient(stack.ingressUrl(), apiKey.orElse(null));
		return this.client;
	}

	/**
	 * One caller's latency curve from the stack's first requests on
	 * ({@link SteadyStateScenario}).
	 */
	private void measureSteadyState(StackFile stack, @Nullable Double stackAgeSeconds) throws Exception {
		IngressClient client = connect(stack);
		if (stackAgeSeconds == null) {
			this.notes.add(Scenarios.STEADY_STATE + ": attached to a running stack, so the curve starts from "
					+ "however warm it already was; for time to steady state, let the benchmark start the stack");
		}
		int windows = Math.max(1, (int) Math.ceil(this.options.steadyStateSeconds() / 10.0));
		this.measurements.put(Scenarios.STEADY_STATE,
				SteadyStateScenario.measure(RestPredictions.sentiment(client, this.workload, null), this.cpu,
						Duration.ofSeconds(10), windows, stackAgeSeconds));
		this.steadyStateRan = true;
	}

	private void runPipeline(StackFile stack) throws Exception {
		IngressClient client = connect(stack);
		if (this.options.predictsThroughStack() && !this.steadyStateRan) {
			// The steady-state curve, when it ran, warmed the stack for longer.
			warmUpStack(client);
		}
		if (this.options.runs("kafka-floor")) {
			measureFloor(stack);
		}
		try (ConsumerLagSampler lag = new ConsumerLagSampler(stack.kafkaBootstrapServers(),
				stack.topics().of(Topics.INFERENCE_REQUESTS))) {
			this.settings.put("partitions",
					partitions(stack.kafkaBootstrapServers(), stack.topics().of(Topics.INFERENCE_REQUESTS)));
			for (String version : pinnedVersions()) {
				String pinned = (version != null) ? Scenarios.versioned("", version) : "";
				if (this.options.runs("sync")) {
					sweep(Scenarios.REST_SYNC_SENTIMENT + pinned,
							RestPredictions.sentiment(client, this.workload, version), lag, true);
				}
				if (this.options.runs("kafka")) {
					try (KafkaDirect direct = KafkaDirect.connect(stack.kafkaBootstrapServers(), stack.topics())) {
						sweep(Scenarios.KAFKA_DIRECT_SENTIMENT + pinned, direct.sentiment(this.workload, version), lag,
								this.options.kafkaConcurrency(), false);
					}
				}
				if (this.options.runs("jobs")) {
					sweep(Scenarios.REST_JOBS_SENTIMENT + pinned, AsyncJobs.sentiment(client, this.workload, version),
							lag, false);
				}
				if (this.options.runs("jobs-events")) {
					sweep(Scenarios.REST_JOBS_EVENTS_SENTIMENT + pinned,
							AsyncJobs.sentimentByEvents(client, this.workload, version), lag, false);
				}
			}
			if (this.options.runs("kalman")) {
				sweep(Scenarios.REST_SYNC_KALMAN, RestPredictions.kalman(client, this.workload), null, true);
			}
		}
		if (this.options.runs("compression")) {
			measureCompression(client);
		}
		if (this.options.runs("lists")) {
			measureLists(stack, client);
		}
		if (this.options.runs("aggregator")) {
			measureAggregator(stack);
		}
	}

	/**
	 * The versions the sentiment scenarios pin, or one {@code null}: a sweep naming none.
	 */
	private List<@Nullable String> pinnedVersions() {
		return this.options.modelVersions().isEmpty() ? Collections.singletonList(null)
				: List.copyOf(this.options.modelVersions());
	}

	/**
	 * Each variant of the compression scenario at one and four callers, with the bytes
	 * its bodies took on the wire and the CPU per request of client and stack; the bytes
	 * at one caller also under {@code measurements.compression}.
	 */
	private void measureCompression(IngressClient client) throws Exception {
		CompressionScenario scenario = CompressionScenario.prepare(client, this.workload,
				this.options.compressionInstances());
		this.settings.put("compressionInstances", scenario.instances());
		if (scenario.instances() < this.options.compressionInstances()) {
			this.notes.add("compression: the stack takes at most " + scenario.instances()
					+ " instances a request (ingress.prediction.limits.max-instances), so its predictions have "
					+ scenario.instances() + " instead of " + this.options.compressionInstances());
		}
		Map<String, Object> bytes = new LinkedHashMap<>();
		List<CompressionScenario.Variant> variants = scenario.variants();
		// Every variant warms up before any is measured, so the first of a pair does not
		// also pay for compiling the route's code that both share.
		for (CompressionScenario.Variant variant : variants) {
			this.load.warmUp(variant.operation(), 1);
		}
		for (CompressionScenario.Variant variant : variants) {
			for (int callers : SIDE_CALLERS) {
				variant.resetWire();
				Map<String, Double> cpuBefore = (this.cpu != null) ? this.cpu.seconds() : Map.of();
				long started = System.nanoTime();
				PointResult point = withCpu(this.load.closedLoop(variant.scenario(), variant.operation(), callers),
						cpuBefore, started);
				Map<String, Object> wire = variant.wireFigures();
				for (Map.Entry<String, Object> figure : wire.entrySet()) {
					point = point.withExtra(figure.getKey(), figure.getValue());
					if (callers == SIDE_CALLERS.get(0)) {
						bytes.put(variant.scenario() + "." + figure.getKey(), figure.getValue());
					}
				}
				this.points.add(withCpuPerRequest(point, scenario.instances(), variant.scenario()));
			}
		}
		this.measurements.put(Scenarios.COMPRESSION, bytes);
	}

	/**
	 * CPU milliseconds per request rather than per prediction: a metrics query is one
	 * request, a prediction one request of many instances.
	 */
	private static PointResult withCpuPerRequest(PointResult point, int instances, String scenario) {
		if (!(point.extras().get("cpuMsPerPrediction") instanceof Map<?, ?> perPrediction)) {
			return point;
		}
		int perRequest = scenario.contains("-predict") ? instances : 1;
		Map<String, Double> perCall = new LinkedHashMap<>();
		perPrediction.forEach((name, ms) -> perCall.put(String.valueOf(name),
				Math.round(((Number) ms).doubleValue() * perRequest * 1000) / 1000.0));
		return point.withExtra("cpuMsPerRequest", perCall);
	}

	/**
	 * Page times of {@code GET /v1/jobs} over the scenario's jobs, at one caller (and
	 * four for the first page); the jobs are removed again whatever happens.
	 */
	private void measureLists(StackFile stack, IngressClient client) throws Exception {
		Optional<ListsScenario> prepared = ListsScenario.prepare(client.withApiKey(null), stack.adminToken(),
				stack.jdbcUrl(), this.options.listJobs());
		if (prepared.isEmpty()) {
			this.notes.add("lists: not measured, the stack has no accounts API to scope a list by");
			return;
		}
		try (ListsScenario lists = prepared.get()) {
			for (Map.Entry<String, Operation> page : lists.pages().entrySet()) {
				this.load.warmUp(page.getValue(), 1);
				List<Integer> callers = page.getKey().equals(Scenarios.LISTS_FIRST_PAGE) ? SIDE_CALLERS
						: SIDE_CALLERS.subList(0, 1);
				for (int caller : callers) {
					Map<String, Double> cpuBefore = (this.cpu != null) ? this.cpu.seconds() : Map.of();
					long started = System.nanoTime();
					this.points
						.add(withCpu(this.load.closedLoop(page.getKey(), page.getValue(), caller), cpuBefore, started));
				}
			}
			this.measurements.put(Scenarios.LISTS, lists.figures());
		}
	}

	/**
	 * Last, so its made-up results never share the stack with a prediction being
	 * measured.
	 */
	private void measureAggregator(StackFile stack) throws Exception {
		logger.info("Writing {} results for the aggregator", this.options.aggregatorResults());
		this.settings.put("aggregatorProducer", AggregatorThroughput.PRODUCER_SETTINGS);
		Map<String, Double> cpuBefore = (this.cpu != null) ? this.cpu.seconds() : Map.of();
		long started = System.nanoTime();
		Map<String, Object> figures = new LinkedHashMap<>(
				new AggregatorThroughput(stack.kafkaBootstrapServers(), stack.jdbcUrl(), stack.topics())
					.measure(this.options.aggregatorResults()));
		if (this.cpu != null) {
			figures.put("cpuCores",
					ProcessCpu.coresUsed(cpuBefore, this.cpu.seconds(), (System.nanoTime() - started) / 1e9));
		}
		if (!AggregatorThroughput.countedExactlyOnce(figures)) {
			this.notes.add(Scenarios.AGGREGATOR_THROUGHPUT + " did not count every result exactly once: " + figures);
		}
		this.measurements.put(Scenarios.AGGREGATOR_THROUGHPUT, figures);
	}

	/**
	 * A freshly started stack is slow for a while: the ingress and worker JVMs are still
	 * compiling their hot paths, and on a busy 2-core machine that takes far longer than
	 * one scenario's warm-up (measured: synchronous p50 at c=1 of 37-71 ms right after
	 * start against 11 ms once warm). So both REST routes run, unrecorded, for a while
	 * first.
	 */
	private void warmUpStack(IngressClient client) {
		double seconds = this.options.measurement().warmup().toMillis() / 1000.0 * STACK_WARMUP_FACTOR;
		logger.info("Warming the stack up for {} s", seconds);
		// Every sentiment version the scenarios pin, and Kalman, in turn.
		List<Operation> operations = new ArrayList<>();
		for (String version : pinnedVersions()) {
			operations.add(RestPredictions.sentiment(client, this.workload, version));
		}
		operations.add(RestPredictions.kalman(client, this.workload));
		java.util.concurrent.atomic.AtomicLong turn = new java.util.concurrent.atomic.AtomicLong();
		Operation both = () -> operations.get((int) (turn.getAndIncrement() % operations.size())).call();
		new LoadGenerator(new dev.pipeline.benchmark.load.MeasurementSettings(this.options.measurement().window(), 1,
				1.0, 1, java.time.Duration.ofMillis((long) (seconds * 1000))))
			.warmUp(both, WARMUP_CALLERS);
		this.settings.put("stackWarmupSeconds", seconds);
	}

	/**
	 * The closed-loop sweep, then open-loop rates set from the best closed-loop
	 * throughput.
	 */
	private void sweep(String scenario, Operation operation, @Nullable ConsumerLagSampler lag, boolean openLoop) {
		sweep(scenario, operation, lag, this.options.concurrency(), openLoop);
	}

	private void sweep(String scenario, Operation operation, @Nullable ConsumerLagSampler lag, List<Integer> points,
			boolean openLoop) {
		this.load.warmUp(operation, WARMUP_CALLERS);
		double best = 0;
		for (int callers : points) {
			if (lag != null) {
				lag.start();
			}
			Map<String, Double> cpuBefore = (this.cpu != null) ? this.cpu.seconds() : Map.of();
			long started = System.nanoTime();
			PointResult point = this.load.closedLoop(scenario, operation, callers);
			point = withCpu(point, cpuBefore, started);
			if (lag != null) {
				for (Map.Entry<String, Object> figure : lag.stop().entrySet()) {
					point = point.withExtra(figure.getKey(), figure.getValue());
				}
			}
			this.points.add(point);
			best = Math.max(best, point.throughput());
			if (point.requests() == 0) {
				// Nothing succeeded (a route missing from this stack, say): more load
				// says nothing more.
				this.notes.add(scenario + " stopped after " + point.point().label() + ": no request succeeded ("
						+ point.extras().getOrDefault("firstError", "no answer") + ")");
				return;
			}
		}
		if (!openLoop || best <= 0) {
			return;
		}
		for (double fraction : this.options.rateFractions()) {
			Map<String, Double> cpuBefore = (this.cpu != null) ? this.cpu.seconds() : Map.of();
			long started = System.nanoTime();
			PointResult point = this.load.openLoop(scenario, operation, Math.max(1, Math.round(best * fraction)));
			point = withCpu(point, cpuBefore, started);
			this.points.add(point.withExtra("fractionOfBestClosedLoop", fraction));
		}
	}

	/**
	 * Cores each part of the stack used during the point, and what that makes per
	 * prediction: the figures that show where a 2-core machine's CPU goes.
	 */
	private PointResult withCpu(PointResult point, Map<String, Double> before, long startedNanos) {
		if (this.cpu == null) {
			return point;
		}
		double wall = (System.nanoTime() - startedNanos) / 1e9;
		Map<String, Double> cores = ProcessCpu.coresUsed(before, this.cpu.seconds(), wall);
		Map<String, Double> perPrediction = new LinkedHashMap<>();
		if (point.throughput() > 0) {
			cores.forEach((name, used) -> perPrediction.put(name,
					Math.round(used * 1000 / point.throughput() * 1000) / 1000.0));
		}
		return point.withExtra("cpuCores", cores).withExtra("cpuMsPerPrediction", perPrediction);
	}

	private static int partitions(String bootstrapServers, String topic) {
		java.util.Properties props = new java.util.Properties();
		props.put("bootstrap.servers", bootstrapServers);
		try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
			return admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(10, java.util.concurrent.TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.size();
		}
		catch (Exception ex) {
			return -1;
		}
	}

}
