/**
 * Wiring that belongs to no feature: request ids, body limits, problem+json rendering, health.
 */
@NullMarked
package dev.pipeline.ingress.system;

import org.jspecify.annotations.NullMarked;
