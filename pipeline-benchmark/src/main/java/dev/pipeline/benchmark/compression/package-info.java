/**
 * The compression scenario ({@code ./benchmark.sh --scenarios compression}): a metrics
 * range query and a many-instance prediction with and without gzip, and the prediction
 * with a gzip request body, each measured for its bytes on the wire, its latency and the
 * CPU of the client and the stack.
 */
@NullMarked
package dev.pipeline.benchmark.compression;

import org.jspecify.annotations.NullMarked;
