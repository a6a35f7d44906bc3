package dev.pipeline.aggregator.system;

import java.util.Map;

/**
 * What a PostgreSQL writer did with a batch.
 *
 * @param rows how many rows were written (duplicates within the batch count once)
 * @param refused the values not written, by identity, each with the reason
 */
public record Written<T>(int rows, Map<T, String> refused) {
}
