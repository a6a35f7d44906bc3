package dev.pipeline.benchmark.load;

import org.HdrHistogram.Histogram;

/**
 * One measurement window: the latencies recorded in it (nanoseconds), the instances that
 * completed and the requests that failed.
 */
record Window(Histogram latencies, long instances, long errors, double seconds) {

	double throughput() {
		return this.instances / this.seconds;
	}

}
