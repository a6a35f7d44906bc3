package dev.pipeline.analyst.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The analyses this instance runs at once: at most
 * {@code analyst.kafka.max-concurrent-analyses}, on a fixed pool shared by every listener
 * thread. A listener thread that finds every slot taken waits for one instead of
 * queueing: each analysis ends within its own bounds (the Gemini budget, the wait for
 * another instance's report, the send timeout), so the wait is bounded, and a slow Gemini
 * never grows a queue in memory; what does not fit stays in Kafka as consumer lag. Meter:
 * {@code analyst.analyses.in-flight}.
 */
@Component
class AnalysisSlots implements DisposableBean {

	private final Semaphore free;

	private final ExecutorService pool;

	AnalysisSlots(AnalystTopicsProperties topics, MeterRegistry meters) {
		int slots = topics.maxConcurrentAnalyses();
		this.free = new Semaphore(slots);
		// A slot is freed a moment before its thread is: the queue holds the next
		// analysis for that moment, never more than there are slots.
		this.pool = new ThreadPoolExecutor(slots, slots, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(slots),
				new CustomizableThreadFactory("analysis-"));
		Gauge.builder("analyst.analyses.in-flight", this.free, (free) -> slots - free.availablePermits())
			.description("Analyses running, at most analyst.kafka.max-concurrent-analyses")
			.register(meters);
	}

	/**
	 * Runs the analysis in a free slot, waiting for one if there is none.
	 * @throws InterruptedException when interrupted while waiting for a slot
	 */
	CompletableFuture<Void> run(Runnable analysis) throws InterruptedException {
		this.free.acquire();
		try {
			return CompletableFuture.runAsync(() -> {
				try {
					analysis.run();
				}
				finally {
					release();
				}
			}, this.pool);
		}
		catch (RejectedExecutionException ex) {
			release();
			throw ex;
		}
	}

	private void release() {
		this.free.release();
	}

	@Override
	public void destroy() {
		// The listener containers stopped first, and a listener returns only once its
		// analyses ended.
		this.pool.shutdown();
	}

}
