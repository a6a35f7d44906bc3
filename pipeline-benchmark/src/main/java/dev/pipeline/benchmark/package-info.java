/**
 * The benchmark command: a perf_analyzer-style measurement of the pipeline against the
 * same model called in-process.
 */
@NullMarked
package dev.pipeline.benchmark;

import org.jspecify.annotations.NullMarked;
