/**
 * Load generation and measurement: closed-loop concurrency, open-loop request rate,
 * windows repeated until stable, latencies in HdrHistogram.
 */
@NullMarked
package dev.pipeline.benchmark.load;

import org.jspecify.annotations.NullMarked;
