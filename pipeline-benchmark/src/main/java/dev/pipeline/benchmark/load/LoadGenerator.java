package dev.pipeline.benchmark.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an {@link Operation} the way Triton's perf_analyzer does and measures it over
 * windows until stable. Latencies go to an HdrHistogram {@link Recorder} in nanoseconds
 * (3 significant digits); the open loop measures from each request's scheduled start, so
 * a saturated server shows up as latency instead of being hidden by a load generator that
 * waits for it (coordinated omission).
 */
public final class LoadGenerator {

	private static final Logger logger = LoggerFactory.getLogger(LoadGenerator.class);

	/** A minute in nanoseconds: anything slower is recorded as a minute. */
	private static final long HIGHEST_LATENCY_NANOS = 60_000_000_000L;

	/**
	 * Threads that may run open-loop requests at once; past that, requests queue (and
	 * that shows as latency).
	 */
	private static final int OPEN_LOOP_THREADS = 256;

	private final MeasurementSettings settings;

	public LoadGenerator(MeasurementSettings settings) {
		this.settings = settings;
	}

	public MeasurementSettings settings() {
		return this.settings;
	}

	/**
	 * Runs the operation closed-loop for the warm-up time and throws the figures away.
	 */
	public void warmUp(Operation operation, int callers) {
		if (this.settings.warmup().isZero()) {
			return;
		}
		Run run = new Run();
		List<Thread> threads = startCallers(operation, callers, run);
		sleep(this.settings.warmup().toNanos());
		run.stop(threads);
	}

	/**
	 * Runs the operation closed-loop, unmeasured, until the returned load is stopped: the
	 * steady background load the fault harness keeps up through a fault and its recovery.
	 */
	public static Sustained sustain(Operation operation, int callers) {
		Run run = new Run();
		return new Sustained(run, startCallers(operation, callers, run));
	}

	public PointResult closedLoop(String scenario, Operation operation, int callers) {
		return closedLoop(scenario, LoadPoint.concurrency(callers), operation, callers);
	}

	/** Callers making batched model calls: the point is labelled with the batch size. */
	public PointResult batched(String scenario, Operation operation, int batchSize, int callers) {
		return closedLoop(scenario, LoadPoint.batch(batchSize), operation, callers).withExtra("callers", callers);
	}

	private PointResult closedLoop(String scenario, LoadPoint point, Operation operation, int callers) {
		Run run = new Run();
		List<Thread> threads = startCallers(operation, callers, run);
		try {
			return measure(scenario, point, run);
		}
		finally {
			run.stop(threads);
		}
	}

	/**
	 * Runs the operation closed-loop for {@code count} windows of {@code window} each and
	 * hands every window's figures to {@code each} as it ends: a curve over time rather
	 * than one point, for how a fresh stack settles.
	 * @param atWindowStart called at the start of each window (to sample something over
	 * the same span)
	 */
	public static void windows(Operation operation, int callers, Duration window, int count, Runnable atWindowStart,
			Consumer<PointResult> each) {
		Run run = new Run();
		List<Thread> threads = startCallers(operation, callers, run);
		try {
			Histogram interval = null;
			long instancesBefore = 0;
			long errorsBefore = 0;
			run.recorder.reset();
			for (int i = 0; i < count; i++) {
				atWindowStart.run();
				long started = System.nanoTime();
				sleep(window.toNanos());
				interval = run.recorder.getIntervalHistogram(interval);
				double seconds = (System.nanoTime() - started) / 1e9;
				long instances = run.instances.sum();
				long errors = run.errors.sum();
				each.accept(PointResult.of("window", LoadPoint.concurrency(callers), interval,
						instances - instancesBefore, errors - errorsBefore, seconds, 1, true));
				instancesBefore = instances;
				errorsBefore = errors;
			}
		}
		finally {
			run.stop(threads);
		}
	}

	public PointResult openLoop(String scenario, Operation operation, double perSecond) {
		Run run = new Run();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(OPEN_LOOP_THREADS, OPEN_LOOP_THREADS, 1, TimeUnit.MINUTES,
				new LinkedBlockingQueue<>(), runnable -> {
					Thread thread = new Thread(runnable, "open-loop");
					thread.setDaemon(true);
					return thread;
				});
		Thread dispatcher = new Thread(() -> dispatch(operation, perSecond, run, pool), "open-loop-dispatcher");
		dispatcher.setDaemon(true);
		dispatcher.start();
		try {
			PointResult result = measure(scenario, LoadPoint.rate(perSecond), run);
			return result.withExtra("queuedAtEnd", pool.getQueue().size());
		}
		finally {
			run.running = false;
			join(dispatcher);
			drain(pool);
		}
	}

	private void dispatch(Operation operation, double perSecond, Run run, ExecutorService pool) {
		long periodNanos = (long) (1_000_000_000L / perSecond);
		long start = System.nanoTime();
		for (long k = 0; run.running; k++) {
			long intended = start + k * periodNanos;
			long wait = intended - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			pool.execute(() -> run.perform(operation, intended));
		}
	}

	private static List<Thread> startCallers(Operation operation, int callers, Run run) {
		List<Thread> threads = new ArrayList<>(callers);
		for (int i = 0; i < callers; i++) {
			Thread thread = new Thread(() -> {
				while (run.running) {
					run.perform(operation, System.nanoTime());
				}
			}, "closed-loop-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		return threads;
	}

	private PointResult measure(String scenario, LoadPoint point, Run run) {
		List<Window> windows = new ArrayList<>();
		run.recorder.reset();
		Histogram interval = null;
		long instancesBefore = run.instances.sum();
		long errorsBefore = run.errors.sum();
		boolean stable = false;
		while (windows.size() < this.settings.maxWindows() && !stable) {
			long started = System.nanoTime();
			sleep(this.settings.window().toNanos());
			interval = run.recorder.getIntervalHistogram(interval);
			double seconds = (System.nanoTime() - started) / 1e9;
			long instances = run.instances.sum();
			long errors = run.errors.sum();
			windows.add(new Window(interval.copy(), instances - instancesBefore, errors - errorsBefore, seconds));
			instancesBefore = instances;
			errorsBefore = errors;
			stable = StabilityCriterion.isStable(windows, this.settings.stableWindows(), this.settings.tolerance());
		}
		List<Window> reported = windows
			.subList(windows.size() - Math.min(windows.size(), this.settings.stableWindows()), windows.size());
		Histogram merged = newHistogram();
		long instances = 0;
		long errors = 0;
		double seconds = 0;
		for (Window window : reported) {
			merged.add(window.latencies());
			instances += window.instances();
			errors += window.errors();
			seconds += window.seconds();
		}
		PointResult result = PointResult.of(scenario, point, merged, instances, errors, seconds, windows.size(),
				stable);
		String firstError = run.firstError.get();
		if (firstError != null) {
			result = result.withExtra("firstError", firstError);
		}
		logger.info("{} {}: {} pred/s, p50 {} ms, p99 {} ms, {} errors, {} windows{}", scenario, point.label(),
				String.format(Locale.ROOT, "%.1f", result.throughput()),
				String.format(Locale.ROOT, "%.3f", result.p50Ms()), String.format(Locale.ROOT, "%.3f", result.p99Ms()),
				result.errors(), result.windows(), stable ? "" : " (not stable)");
		return result;
	}

	static Histogram newHistogram() {
		return new Histogram(HIGHEST_LATENCY_NANOS, 3);
	}

	private static void drain(ThreadPoolExecutor pool) {
		pool.getQueue().clear();
		pool.shutdown();
		try {
			if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
				pool.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			pool.shutdownNow();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(60));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long nanos) {
		long until = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = until - System.nanoTime()) {
			LockSupport.parkNanos(left);
			if (Thread.currentThread().isInterrupted()) {
				throw new IllegalStateException("Interrupted while measuring");
			}
		}
	}

	/** A load started by {@link #sustain}. */
	public static final class Sustained {

		private final Run run;

		private final List<Thread> threads;

		private Sustained(Run run, List<Thread> threads) {
			this.run = run;
			this.threads = threads;
		}

		/** Model instances the completed operations returned. */
		public long instances() {
			return this.run.instances.sum();
		}

		/** Operations that threw. */
		public long errors() {
			return this.run.errors.sum();
		}

		/** Stops the callers and waits for their operations in flight to end. */
		public void stop() {
			this.run.stop(this.threads);
		}

	}

	/** The shared state of the callers of one point. */
	private static final class Run {

		private final Recorder recorder = new Recorder(HIGHEST_LATENCY_NANOS, 3);

		private final LongAdder instances = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final AtomicReference<String> firstError = new AtomicReference<>();

		private volatile boolean running = true;

		void perform(Operation operation, long startNanos) {
			try {
				int completed = operation.call();
				long nanos = System.nanoTime() - startNanos;
				this.recorder.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_LATENCY_NANOS));
				this.instances.add(completed);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
			catch (Exception ex) {
				this.errors.increment();
				if (this.firstError.compareAndSet(null, String.valueOf(ex.getMessage()))) {
					logger.warn("First failed request of this point: {}", ex.toString());
				}
			}
		}

		void stop(List<Thread> threads) {
			this.running = false;
			threads.forEach(LoadGenerator::join);
		}

	}

}
