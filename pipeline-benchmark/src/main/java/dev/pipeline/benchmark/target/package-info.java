/**
 * What the benchmark measures: the REST routes, asynchronous jobs, a direct Kafka
 * producer, the in-process and direct HTTP baselines, Kafka's own one-hop latency, and
 * the metrics aggregator's absorption of results.
 */
@NullMarked
package dev.pipeline.benchmark.target;

import org.jspecify.annotations.NullMarked;
