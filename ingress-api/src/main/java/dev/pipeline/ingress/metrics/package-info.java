@NullMarked
package dev.pipeline.ingress.metrics;

import org.jspecify.annotations.NullMarked;
