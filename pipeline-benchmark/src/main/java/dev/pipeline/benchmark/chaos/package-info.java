/**
 * The fault harness ({@code ./chaos.sh}): a steady mixed load against a local stack of
 * its own, one fault at a time, and a reconciliation of everything that was accepted.
 */
@NullMarked
package dev.pipeline.benchmark.chaos;

import org.jspecify.annotations.NullMarked;
