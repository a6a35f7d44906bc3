@NullMarked
package dev.pipeline.predictor.system;

import org.jspecify.annotations.NullMarked;
