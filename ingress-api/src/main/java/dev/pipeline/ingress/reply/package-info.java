/**
 * Request and reply over Kafka for the ingress: the durable request producer and the
 * reply channel that routes every reply back to the instance that waits for it. Used by
 * predictions and analyses alike; knows no feature.
 */
@NullMarked
package dev.pipeline.ingress.reply;

import org.jspecify.annotations.NullMarked;
