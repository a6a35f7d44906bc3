/**
 * Routes of the projects this pipeline replaces, translated onto the prediction path.
 */
@NullMarked
package dev.pipeline.ingress.compat;

import org.jspecify.annotations.NullMarked;
