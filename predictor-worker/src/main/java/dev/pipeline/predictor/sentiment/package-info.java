@NullMarked
package dev.pipeline.predictor.sentiment;

import org.jspecify.annotations.NullMarked;
