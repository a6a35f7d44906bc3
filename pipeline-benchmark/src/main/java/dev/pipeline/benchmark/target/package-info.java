/**
 * What the benchmark measures: the REST routes, asynchronous jobs, a direct Kafka producer,
 * and the in-process baseline.
 */
@NullMarked
package dev.pipeline.benchmark.target;

import org.jspecify.annotations.NullMarked;
