@NullMarked
package dev.pipeline.aggregator.system;

import org.jspecify.annotations.NullMarked;
