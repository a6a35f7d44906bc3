/**
 * Wiring that belongs to no feature: request ids, body limits, problem+json rendering
 * (503 for dependency failures from filters and handlers alike), health.
 */
@NullMarked
package dev.pipeline.ingress.system;

import org.jspecify.annotations.NullMarked;
