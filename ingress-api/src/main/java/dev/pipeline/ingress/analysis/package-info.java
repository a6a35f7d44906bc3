/**
 * Performance analysis over REST: {@code POST /v1/analysis/performance} answered from the
 * analyst's Redis report cache when it can, otherwise through Kafka
 * ({@code analysis.requests} out, the report back on this instance's reply partition),
 * within a wait budget; a report that takes longer is fetched from {@code GET
 * /v1/analysis/{id}}. See docs/analysis.md.
 */
@NullMarked
package dev.pipeline.ingress.analysis;

import org.jspecify.annotations.NullMarked;
