@NullMarked
package dev.pipeline.predictor.batching;

import org.jspecify.annotations.NullMarked;
