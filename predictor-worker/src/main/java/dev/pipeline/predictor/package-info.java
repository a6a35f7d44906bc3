@NullMarked
package dev.pipeline.predictor;

import org.jspecify.annotations.NullMarked;
