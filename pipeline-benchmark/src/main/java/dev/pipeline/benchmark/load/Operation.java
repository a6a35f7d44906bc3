package dev.pipeline.benchmark.load;

/**
 * One request of a scenario, performed synchronously by the calling load thread. Returns
 * how many model instances it completed (1 for a single prediction, the batch size for a
 * batched in-process call), so throughput is always counted in predictions per second.
 */
@FunctionalInterface
public interface Operation {

	int call() throws Exception;

}
