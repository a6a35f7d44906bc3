/**
 * Asynchronous jobs: submission with idempotency keys, job storage in PostgreSQL and
 * polling.
 */
@NullMarked
package dev.pipeline.ingress.job;

import org.jspecify.annotations.NullMarked;
