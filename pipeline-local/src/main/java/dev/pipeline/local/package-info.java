/**
 * The local stack: one command that starts real Kafka, PostgreSQL and Redis servers from
 * Maven artifacts and the four services as child JVMs, waits until all are healthy and
 * stops everything on Ctrl-C or SIGTERM.
 */
@NullMarked
package dev.pipeline.local;

import org.jspecify.annotations.NullMarked;
