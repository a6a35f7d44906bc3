@NullMarked
package dev.pipeline.aggregator.result;

import org.jspecify.annotations.NullMarked;
