/**
 * The {@code metrics_windows} table as every service sees it (docs/metrics.md): the row
 * format, the latency histogram settings and codec, and the one merge of rows. The
 * metrics-aggregator writes rows in this format; the ingress and the analyst read and
 * merge them with the same code, so the three cannot drift apart.
 */
@NullMarked
package dev.pipeline.metrics;

import org.jspecify.annotations.NullMarked;
