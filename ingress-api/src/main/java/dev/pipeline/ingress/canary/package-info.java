/**
 * Canary releases: the admin's traffic split of a model between its served versions, and
 * its shadow version, written to the compacted {@code inference.model-traffic} topic that
 * every predictor worker applies.
 */
@NullMarked
package dev.pipeline.ingress.canary;

import org.jspecify.annotations.NullMarked;
