/**
 * The lists scenario ({@code ./benchmark.sh --scenarios lists}): a table of a million
 * jobs of one account of the benchmark's own, written straight into the stack's
 * PostgreSQL, and the time of {@code GET /v1/jobs} pages over it through the real HTTP
 * route: the first page, a deep page reached by following the cursors, and filtered
 * pages.
 */
@NullMarked
package dev.pipeline.benchmark.lists;

import org.jspecify.annotations.NullMarked;
