/**
 * What a run reports: the table, CSV and JSON files, machine, commit and the baseline
 * comparison.
 */
@NullMarked
package dev.pipeline.benchmark.report;

import org.jspecify.annotations.NullMarked;
