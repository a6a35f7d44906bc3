package dev.pipeline.predictor.batching;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A request's outputs once every one of its instances went through a batch.
 *
 * @param queueNanos from submission to the start of the first batch that took one of its
 * instances
 * @param inferenceNanos model time of the batches it took part in
 * @param batchRequests the most requests that shared one of those batches
 */
public record BatchedOutputs(List<JsonNode> outputs, long queueNanos, long inferenceNanos, int batchRequests) {
}
