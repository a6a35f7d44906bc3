package dev.pipeline.predictor.model;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** One instance of a request, with the request's parameters, as a model receives it. */
public record ModelInput(JsonNode instance, Map<String, Object> parameters) {
}
