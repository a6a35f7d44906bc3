package dev.pipeline.benchmark.load;

/**
 * One point of a sweep, as perf_analyzer names them: a number of outstanding requests
 * (closed loop), a request rate (open loop), or an in-process batch size.
 */
public record LoadPoint(Mode mode, double value) {

	public enum Mode {

		/**
		 * Closed loop: {@code value} callers, each sending its next request when the last
		 * returns.
		 */
		CONCURRENCY,

		/**
		 * Open loop: requests start on a fixed schedule of {@code value} per second,
		 * whatever comes back.
		 */
		RATE,

		/**
		 * In-process only: {@code value} instances per model call (callers in the point's
		 * extras).
		 */
		BATCH

	}

	public static LoadPoint concurrency(int callers) {
		return new LoadPoint(Mode.CONCURRENCY, callers);
	}

	public static LoadPoint rate(double perSecond) {
		return new LoadPoint(Mode.RATE, perSecond);
	}

	public static LoadPoint batch(int size) {
		return new LoadPoint(Mode.BATCH, size);
	}

	public String label() {
		return switch (this.mode) {
			case CONCURRENCY -> "c=" + (int) this.value;
			case RATE -> "rate=" + String.format(java.util.Locale.ROOT, "%.0f/s", this.value);
			case BATCH -> "batch=" + (int) this.value;
		};
	}

}
