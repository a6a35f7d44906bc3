/**
 * Real servers started from Maven artifacts: a Kafka broker in KRaft mode (the broker
 * classes Kafka ships), PostgreSQL (zonky's embedded binaries) and Redis (codemonstur's
 * embedded binary). The local stack runs them with persistent data directories; the test
 * kit runs one of each per test JVM on free ports.
 */
@NullMarked
package dev.pipeline.servers;

import org.jspecify.annotations.NullMarked;
