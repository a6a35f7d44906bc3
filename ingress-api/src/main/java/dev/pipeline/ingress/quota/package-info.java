/**
 * Prediction quotas: {@link dev.pipeline.ingress.quota.QuotaGate} charges one unit per
 * input instance before a request goes to Kafka, decided in Redis by Lua scripts with
 * PostgreSQL as the fallback and the durable copy
 * ({@link dev.pipeline.ingress.quota.QuotaSynchronizer}). See docs/accounts.md.
 */
@NullMarked
package dev.pipeline.ingress.quota;

import org.jspecify.annotations.NullMarked;
