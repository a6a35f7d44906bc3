/**
 * The metrics snapshot a report is written from: aggregates of one model over a window
 * and the window before it, its thresholds and the alerts raised, read from the
 * metrics-aggregator's tables.
 */
@NullMarked
package dev.pipeline.analyst.snapshot;

import org.jspecify.annotations.NullMarked;
