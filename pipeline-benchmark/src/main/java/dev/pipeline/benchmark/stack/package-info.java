/**
 * The stack under test: starting or attaching to it, its account, memory and consumer
 * lag.
 */
@NullMarked
package dev.pipeline.benchmark.stack;

import org.jspecify.annotations.NullMarked;
