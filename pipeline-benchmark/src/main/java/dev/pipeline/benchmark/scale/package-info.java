/**
 * The scale scenario ({@code ./benchmark.sh --scenarios scale}): the direct-Kafka path at
 * saturation with 1, 2 and 3 predictor workers and 3, 6 and 12 request partitions, every
 * service's CPU and memory as the load grows, and from those a model of the cores each
 * service needs per 1,000 predictions a second.
 */
@NullMarked
package dev.pipeline.benchmark.scale;

import org.jspecify.annotations.NullMarked;
