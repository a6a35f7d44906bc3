@NullMarked
package dev.pipeline.predictor.model;

import org.jspecify.annotations.NullMarked;
