/**
 * The optional read replica: a second, read-only pool for the read-heavy routes (job
 * polling, the job and alert lists, metrics), and the rule of which reads may use it.
 */
@NullMarked
package dev.pipeline.ingress.replica;

import org.jspecify.annotations.NullMarked;
