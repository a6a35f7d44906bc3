@NullMarked
package dev.pipeline.ingress;

import org.jspecify.annotations.NullMarked;
