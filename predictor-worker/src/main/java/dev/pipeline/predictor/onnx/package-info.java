@NullMarked
package dev.pipeline.predictor.onnx;

import org.jspecify.annotations.NullMarked;
