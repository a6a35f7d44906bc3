package dev.pipeline.benchmark.scale;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.benchmark.load.LoadGenerator;
import dev.pipeline.benchmark.load.MeasurementSettings;
import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.load.PointResult;
import dev.pipeline.benchmark.stack.BenchmarkAccount;
import dev.pipeline.benchmark.stack.LocalStackLauncher;
import dev.pipeline.benchmark.stack.ProcessCpu;
import dev.pipeline.benchmark.stack.ServiceMemory;
import dev.pipeline.benchmark.stack.StackFile;
import dev.pipeline.benchmark.target.InProcessModel;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.benchmark.target.KafkaDirect;
import dev.pipeline.benchmark.target.RestPredictions;
import dev.pipeline.benchmark.target.Workload;
import dev.pipeline.contracts.Topics;
import dev.pipeline.servers.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale scenario. It starts a stack of its own ({@code ./pipeline-local.sh} on free
 * ports and a wiped data directory, since it adds partitions that cannot be taken away
 * again), and measures in this order:
 * <ol>
 * <li>the model alone, in-process and batched, before the stack starts: its CPU ms per
 * prediction is the part of the worker's cost that grows with the model;</li>
 * <li>the idle stack, then the load growing on the direct-Kafka path (every
 * {@code --kafka-concurrency}) and on the synchronous REST path (every
 * {@code --concurrency}), with one worker and 3 partitions: the points the cores model is
 * fitted on ({@link CoreModel});</li>
 * <li>direct Kafka at saturation (the largest {@code --kafka-concurrency}) with 1, 2 and
 * 3 workers and 3, 6 and 12 partitions of {@code inference.requests}, raised in place.
 * The workers go up, down and up again (1-2-3, 3-2-1, 1-2-3), so each extra worker starts
 * only twice.</li>
 * </ol>
 * Every step records the cores each process used and each service's resident memory.
 */
public final class ScaleRun {

	private static final Logger logger = LoggerFactory.getLogger(ScaleRun.class);

	/** The key of the scenario's figures in {@code results.json}'s measurements. */
	public static final String NAME = "scale";

	static final List<Integer> PARTITIONS = List.of(3, 6, 12);

	static final List<Integer> WORKERS = List.of(1, 2, 3);

	private static final List<Integer> WORKERS_DOWN = WORKERS.stream()
		.sorted(java.util.Comparator.reverseOrder())
		.toList();

	/**
	 * A worker's consumers learn of new partitions at their next metadata refresh, 5 min
	 * by default; the scale stack refreshes every 5 s so the group takes them within
	 * seconds. It costs one small metadata request per client every 5 s.
	 */
	static final Map<String, String> SCALE_STACK_ENVIRONMENT = Map
		.of("SPRING_KAFKA_CONSUMER_PROPERTIES_METADATA_MAX_AGE_MS", "5000");

	/** Callers while warming a path up, as the other scenarios. */
	private static final int WARMUP_CALLERS = 4;

	/**
	 * The stack's warm-up before its first step, in scenario warm-ups (as BenchmarkRun).
	 */
	private static final int STACK_WARMUP_FACTOR = 6;

	private final Path home;

	private final Path folder;

	private final Path dataDir;

	private final MeasurementSettings measurement;

	private final LoadGenerator load;

	private final List<Integer> concurrency;

	private final List<Integer> kafkaConcurrency;

	private final Path models;

	private final int intraOpThreads;

	private final int batchCallers;

	private final Workload workload;

	private final Map<String, String> environment;

	private final List<ScaleStep> steps = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/**
	 * @param folder the run's results folder ({@code scale.csv}, {@code scale.txt}, the
	 * stack's and extra workers' logs)
	 * @param dataDir the scale stack's data directory, wiped at its start
	 * @param environment the stack environment of the run ({@code --stack-env} included)
	 */
	public ScaleRun(Path home, Path folder, Path dataDir, MeasurementSettings measurement, List<Integer> concurrency,
			List<Integer> kafkaConcurrency, Path models, int intraOpThreads, int batchCallers, Workload workload,
			Map<String, String> environment) {
		this.home = home;
		this.folder = folder;
		this.dataDir = dataDir;
		this.measurement = measurement;
		this.load = new LoadGenerator(measurement);
		this.concurrency = concurrency;
		this.kafkaConcurrency = kafkaConcurrency;
		this.models = models;
		this.intraOpThreads = intraOpThreads;
		this.batchCallers = batchCallers;
		this.workload = workload;
		this.environment = environment;
	}

	/** Runs the scenario, writes {@code scale.csv} and {@code scale.txt}, returns it. */
	public ScaleReport run() throws Exception {
		Map<String, Object> compute = measureCompute();
		Map<String, String> stackEnvironment = stackEnvironment();
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("partitions", PARTITIONS);
		settings.put("workers", WORKERS);
		settings.put("saturationCallers", saturation());
		settings.put("stackEnvironment", stackEnvironment);
		Map<String, Map<String, Double>> peak;
		try (LocalStackLauncher launched = LocalStackLauncher.start(this.home, this.dataDir,
				this.folder.resolve("scale-stack.log"), stackEnvironment)) {
			StackFile stack = launched.stack();
			try (WorkerGroup group = new WorkerGroup(stack.kafkaBootstrapServers(),
					stack.topics().of(Topics.INFERENCE_REQUESTS));
					WorkerInstances extra = WorkerInstances.like(stack.servicePids().get("predictor-worker"),
							this.folder.resolve("scale-workers"))) {
				measure(stack, group, extra);
				peak = ServiceMemory.read(pids(stack, extra));
			}
		}
		double computeMs = (double) compute.get("cpuMsPerPrediction");
		ScaleReport report = new ScaleReport(settings, compute, List.copyOf(this.steps),
				List.of(CoreModel.fit(ScaleStep.KAFKA_DIRECT, this.steps, computeMs),
						CoreModel.fit(ScaleStep.REST_SYNC, this.steps, computeMs)),
				peak, List.copyOf(this.notes));
		Files.writeString(this.folder.resolve("scale.csv"), ScaleTable.csv(report));
		Files.writeString(this.folder.resolve("scale.txt"), ScaleTable.render(report));
		System.out.println();
		System.out.print(ScaleTable.render(report));
		return report;
	}

	private Map<String, String> stackEnvironment() {
		Map<String, String> env = new LinkedHashMap<>(this.environment);
		SCALE_STACK_ENVIRONMENT.forEach(env::putIfAbsent);
		env.put("PIPELINE_WIPE", "true");
		env.put("PIPELINE_PARTITIONS", String.valueOf(PARTITIONS.get(0)));
		List<String> portSettings = List.of("PIPELINE_HTTP_PORT", "PIPELINE_MANAGEMENT_PORT", "PIPELINE_PREDICTOR_PORT",
				"PIPELINE_AGGREGATOR_PORT", "PIPELINE_ANALYST_PORT", "PIPELINE_KAFKA_PORT",
				"PIPELINE_KAFKA_CONTROLLER_PORT", "PIPELINE_POSTGRES_PORT", "PIPELINE_REDIS_PORT");
		List<Integer> ports = Ports.free(portSettings.size());
		for (int i = 0; i < portSettings.size(); i++) {
			// Free ports: a ./pipeline-local.sh of the user's may hold the default ones.
			env.put(portSettings.get(i), String.valueOf(ports.get(i)));
		}
		return env;
	}

	/**
	 * The model alone at its best, as the worker runs it: batches of the model's
	 * {@code maxBatchSize}, one caller per batch runner. CPU is this JVM's, taken before
	 * the stack starts, so it is the model's (and the JVM's own housekeeping).
	 */
	private Map<String, Object> measureCompute() throws Exception {
		try (InProcessModel sentiment = InProcessModel.load(this.models, "sentiment", null, this.intraOpThreads,
				this.workload)) {
			int size = sentiment.config().maxBatchSize();
			Operation batch = sentiment.batch(size);
			this.load.warmUp(batch, this.batchCallers);
			double before = processCpuSeconds();
			long started = System.nanoTime();
			PointResult point = this.load.batched("scale-compute", batch, size, this.batchCallers);
			double cores = (processCpuSeconds() - before) / ((System.nanoTime() - started) / 1e9);
			Map<String, Object> compute = new LinkedHashMap<>();
			compute.put("batchSize", size);
			compute.put("callers", this.batchCallers);
			compute.put("throughput", Math.round(point.throughput() * 10) / 10.0);
			compute.put("cores", Math.round(cores * 100) / 100.0);
			compute.put("cpuMsPerPrediction", Math.round(cores * 1000 / point.throughput() * 1000) / 1000.0);
			logger.info("Model compute {}", compute);
			return compute;
		}
	}

	private static double processCpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

	private void measure(StackFile stack, WorkerGroup group, WorkerInstances extra) throws Exception {
		IngressClient client = new IngressClient(stack.ingressUrl(),
				BenchmarkAccount.create(stack.ingressUrl(), stack.adminToken()).orElse(null));
		Operation rest = RestPredictions.sentiment(client, this.workload, null);
		logger.info("Warming the scale stack up");
		new LoadGenerator(new MeasurementSettings(this.measurement.window(), 1, 1.0, 1,
				this.measurement.warmup().multipliedBy(STACK_WARMUP_FACTOR)))
			.warmUp(rest, WARMUP_CALLERS);
		idle(stack, extra);
		try (KafkaDirect direct = KafkaDirect.connect(stack.kafkaBootstrapServers(), stack.topics())) {
			sweep(ScaleStep.KAFKA_DIRECT, direct.sentiment(this.workload, null), this.kafkaConcurrency, stack, extra);
		}
		sweep(ScaleStep.REST_SYNC, rest, this.concurrency, stack, extra);
		try {
			scaleOut(stack, group, extra);
		}
		catch (Exception ex) {
			// What was measured so far still says something; the note says where it
			// stopped.
			logger.error("The workers and partitions steps stopped", ex);
			this.notes.add("The workers and partitions steps stopped early: " + ex.getMessage());
		}
		int cores = Runtime.getRuntime().availableProcessors();
		this.notes.add("This machine has " + cores + " cores for every process of the stack and the load generator: "
				+ "more workers than cores add processes, not compute.");
	}

	/**
	 * Direct Kafka at saturation for every partition count (raised in place) and worker
	 * count, the workers going up, down and up again.
	 */
	private void scaleOut(StackFile stack, WorkerGroup group, WorkerInstances extra) throws Exception {
		// Consumers per worker (the listener's concurrency), counted once the first
		// worker has run for minutes and all of its consumers have surely joined.
		int perWorker = group.awaitSettled(0);
		int workers = 1;
		for (int i = 0; i < PARTITIONS.size(); i++) {
			int partitions = PARTITIONS.get(i);
			group.growTo(partitions);
			List<Integer> order = (i % 2 == 0) ? WORKERS : WORKERS_DOWN;
			// A new producer: an old one would see the new partitions only at its next
			// metadata refresh.
			try (KafkaDirect direct = KafkaDirect.connect(stack.kafkaBootstrapServers(), stack.topics())) {
				Operation operation = direct.sentiment(this.workload, null);
				for (int target : order) {
					while (workers < target) {
						logger.info("Starting worker {}", workers + 1);
						extra.startOne();
						workers++;
					}
					while (workers > target) {
						logger.info("Stopping worker {}", workers);
						extra.stopLast();
						workers--;
					}
					group.awaitSettled(perWorker * workers);
					if (partitions == PARTITIONS.get(0) && workers == 1) {
						// The load sweep's last step was this one.
						continue;
					}
					logger.info("Direct Kafka at {} callers, {} partitions, {} workers", saturation(), partitions,
							workers);
					this.load.warmUp(operation, saturation());
					this.steps
						.add(step(ScaleStep.KAFKA_DIRECT, operation, partitions, workers, saturation(), stack, extra));
				}
			}
		}
	}

	private void idle(StackFile stack, WorkerInstances extra) {
		ProcessCpu cpu = ProcessCpu.of(withExtra(stack, extra), stack.jdbcUrl()).orElseThrow();
		Map<String, Double> before = cpu.seconds();
		long started = System.nanoTime();
		LockSupport.parkNanos(this.measurement.window().multipliedBy(this.measurement.stableWindows()).toNanos());
		Map<String, Double> cores = ProcessCpu.coresUsed(before, cpu.seconds(), (System.nanoTime() - started) / 1e9);
		ScaleStep step = new ScaleStep(ScaleStep.IDLE, PARTITIONS.get(0), 1, 0, 0, 0, 0, 0, true, cores,
				rss(stack, extra));
		logger.info("Step {}", step);
		this.steps.add(step);
	}

	private void sweep(String path, Operation operation, List<Integer> points, StackFile stack, WorkerInstances extra) {
		this.load.warmUp(operation, WARMUP_CALLERS);
		for (int callers : points) {
			logger.info("{} at {} callers", path, callers);
			this.steps.add(step(path, operation, PARTITIONS.get(0), 1, callers, stack, extra));
		}
	}

	private ScaleStep step(String path, Operation operation, int partitions, int workers, int callers, StackFile stack,
			WorkerInstances extra) {
		ProcessCpu cpu = ProcessCpu.of(withExtra(stack, extra), stack.jdbcUrl()).orElseThrow();
		Map<String, Double> before = cpu.seconds();
		long started = System.nanoTime();
		PointResult point = this.load.closedLoop("scale-" + path, operation, callers);
		Map<String, Double> cores = ProcessCpu.coresUsed(before, cpu.seconds(), (System.nanoTime() - started) / 1e9);
		ScaleStep step = new ScaleStep(path, partitions, workers, callers, Math.round(point.throughput() * 10) / 10.0,
				point.p50Ms(), point.p99Ms(), point.errors(), point.stable(), cores, rss(stack, extra));
		// In the log as well: a run stopped before its end still leaves every step
		// measured.
		logger.info("Step {}", step);
		return step;
	}

	private int saturation() {
		return this.kafkaConcurrency.stream().mapToInt(Integer::intValue).max().orElse(64);
	}

	private static Map<String, Double> rss(StackFile stack, WorkerInstances extra) {
		Map<String, Double> rss = new LinkedHashMap<>();
		ServiceMemory.read(pids(stack, extra))
			.forEach((service, figures) -> rss.put(service, figures.getOrDefault("rssMiB", 0.0)));
		return rss;
	}

	private static Map<String, Long> pids(StackFile stack, WorkerInstances extra) {
		Map<String, Long> pids = new LinkedHashMap<>(stack.servicePids());
		pids.putAll(extra.pids());
		return pids;
	}

	/** The stack with the extra workers among its services, for {@link ProcessCpu}. */
	private static StackFile withExtra(StackFile stack, WorkerInstances extra) {
		return new StackFile(stack.ingressUrl(), stack.kafkaBootstrapServers(), stack.jdbcUrl(), stack.adminToken(),
				pids(stack, extra), stack.launcherPid(), stack.topics());
	}

}
