/**
 * The catalogue of served models, read from the compacted {@code inference.models} topic,
 * with the traffic splits between their versions from {@code inference.model-traffic}.
 */
@NullMarked
package dev.pipeline.ingress.model;

import org.jspecify.annotations.NullMarked;
