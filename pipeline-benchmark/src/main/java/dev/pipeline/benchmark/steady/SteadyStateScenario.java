package dev.pipeline.benchmark.steady;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeline.benchmark.load.LoadGenerator;
import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.stack.ProcessCpu;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time to steady state (issue 13): one caller sends synchronous sentiment predictions to
 * a stack the benchmark has just started, with no warm-up, and each window's median
 * latency and each process's CPU per prediction are recorded until the run's end; then
 * {@link SteadyState} says when the median settled. Run before anything else loads the
 * stack, so the curve starts where a user's first requests would.
 */
public final class SteadyStateScenario {

	private static final Logger logger = LoggerFactory.getLogger(SteadyStateScenario.class);

	/** Within a fifth of the settled median counts as settled. */
	static final double TOLERANCE = 0.2;

	/** One caller: the lone request whose cost the issue asks about. */
	static final int CALLERS = 1;

	private SteadyStateScenario() {
	}

	/**
	 * @param stackAgeSeconds seconds between the stack's health and the curve's start, or
	 * {@code null} for a stack the benchmark attached to (its age unknown)
	 */
	public static Map<String, Object> measure(Operation sentiment, @Nullable ProcessCpu cpu, Duration window,
			int windows, @Nullable Double stackAgeSeconds) {
		List<SteadyState.Window> curve = new ArrayList<>();
		AtomicReference<Map<String, Double>> cpuBefore = new AtomicReference<>(Map.of());
		AtomicLong startedAt = new AtomicLong();
		long curveStart = System.nanoTime();
		logger.info("Time to steady state: {} window(s) of {} s at {} caller", windows, window.toSeconds(), CALLERS);
		LoadGenerator.windows(sentiment, CALLERS, window, windows, () -> {
			startedAt.set(System.nanoTime());
			cpuBefore.set((cpu != null) ? cpu.seconds() : Map.of());
		}, (point) -> {
			double seconds = (System.nanoTime() - startedAt.get()) / 1e9;
			Map<String, Double> cores = (cpu != null) ? ProcessCpu.coresUsed(cpuBefore.get(), cpu.seconds(), seconds)
					: Map.of();
			SteadyState.Window figures = new SteadyState.Window((startedAt.get() - curveStart) / 1e9,
					point.throughput(), point.p50Ms(), point.p99Ms(), point.errors(), cores);
			curve.add(figures);
			logger.info("  t={} s: {} pred/s, p50 {} ms, p99 {} ms", Math.round(figures.startSeconds()),
					SteadyState.round(figures.throughput()), SteadyState.round(figures.p50Ms()),
					SteadyState.round(figures.p99Ms()));
		});
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("route", "POST /v1/models/sentiment/predict");
		report.put("callers", CALLERS);
		report.put("windowSeconds", window.toMillis() / 1000.0);
		report.put("stackAgeSecondsAtStart",
				(stackAgeSeconds != null) ? SteadyState.round(stackAgeSeconds) : "unknown (attached stack)");
		report.putAll(SteadyState.report(curve, TOLERANCE));
		return report;
	}

}
