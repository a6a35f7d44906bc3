package dev.pipeline.contracts;

/**
 * Where a request spent its time inside the worker.
 *
 * @param queueMs from {@code submittedAt} to the start of the batch that computed it
 * @param inferenceMs the model call for the whole batch
 * @param batchSize how many requests shared that call
 */
public record Timings(double queueMs, double inferenceMs, int batchSize) {

	public static Timings none() {
		return new Timings(0, 0, 0);
	}

}
