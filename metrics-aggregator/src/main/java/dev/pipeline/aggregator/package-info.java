@NullMarked
package dev.pipeline.aggregator;

import org.jspecify.annotations.NullMarked;
