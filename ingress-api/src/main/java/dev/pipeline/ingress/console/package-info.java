/**
 * The web console at {@code /console} (docs/console.md): static files from the jar and
 * the headers they are served with. The page calls the public API with the credential its
 * user signs in with; nothing here reads or checks one.
 */
@NullMarked
package dev.pipeline.ingress.console;

import org.jspecify.annotations.NullMarked;
