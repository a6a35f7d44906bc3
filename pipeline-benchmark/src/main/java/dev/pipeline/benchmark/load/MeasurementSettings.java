package dev.pipeline.benchmark.load;

import java.time.Duration;

/**
 * How each point is measured, after perf_analyzer: fixed windows, repeated until the last
 * {@code stableWindows} agree within {@code tolerance} on throughput and mean latency, or
 * {@code maxWindows} have passed (the point is then reported as not stable).
 *
 * @param warmup load applied before a scenario's first point and not recorded (JIT,
 * connection pools, Kafka metadata, ONNX Runtime's first-call allocations)
 */
public record MeasurementSettings(Duration window, int stableWindows, double tolerance, int maxWindows,
		Duration warmup) {

	public MeasurementSettings {
		if (stableWindows < 1 || maxWindows < stableWindows) {
			throw new IllegalArgumentException("need 1 <= stableWindows <= maxWindows");
		}
	}

	public static MeasurementSettings standard() {
		return new MeasurementSettings(Duration.ofSeconds(5), 3, 0.10, 10, Duration.ofSeconds(10));
	}

	public static MeasurementSettings quick() {
		return new MeasurementSettings(Duration.ofSeconds(2), 3, 0.10, 5, Duration.ofSeconds(4));
	}

}
