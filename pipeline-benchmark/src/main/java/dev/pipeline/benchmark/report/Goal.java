package dev.pipeline.benchmark.report;

/** One of the performance aims, with where this run landed. */
public record Goal(String name, String measuredAs, double measured, String target, boolean met) {
}
