@NullMarked
package dev.pipeline.analyst;

import org.jspecify.annotations.NullMarked;
