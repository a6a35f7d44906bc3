@NullMarked
package dev.pipeline.predictor.worker;

import org.jspecify.annotations.NullMarked;
