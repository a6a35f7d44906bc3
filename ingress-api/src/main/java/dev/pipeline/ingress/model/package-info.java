/**
 * The catalogue of served models, read from the compacted {@code inference.models} topic.
 */
@NullMarked
package dev.pipeline.ingress.model;

import org.jspecify.annotations.NullMarked;
