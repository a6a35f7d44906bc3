/**
 * The Open Inference Protocol v2 over REST (the KServe, Triton and MLServer protocol):
 * server and model metadata, health, and {@code POST /v2/models/{model}/infer}, served on
 * the same Kafka path as {@code /v1/models/{model}/predict}
 * ({@link dev.pipeline.ingress.prediction.PredictionService}) with the same
 * authentication, limits, quota, deadlines, {@code Prefer: wait} and job fallback.
 * Tensors are translated to and from the pipeline's instances here and nowhere else;
 * errors on these routes take the protocol's {@code {"error": "..."}} shape
 * ({@code system/InferenceProtocolErrors}). See docs/api.md, "Open Inference Protocol".
 */
@NullMarked
package dev.pipeline.ingress.oip;

import org.jspecify.annotations.NullMarked;
