@NullMarked
package dev.pipeline.aggregator.window;

import org.jspecify.annotations.NullMarked;
