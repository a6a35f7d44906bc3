@NullMarked
package dev.pipeline.predictor.kalman;

import org.jspecify.annotations.NullMarked;
