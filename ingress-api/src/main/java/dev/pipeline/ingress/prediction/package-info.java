/**
 * Synchronous predictions through Kafka: validation against the model catalogue, the wait
 * budget, reply routing to this instance and the fallback to a job.
 */
@NullMarked
package dev.pipeline.ingress.prediction;

import org.jspecify.annotations.NullMarked;
