package dev.pipeline.ingress.model;

import dev.pipeline.ingress.system.ApiProblem;
import org.springframework.http.HttpStatus;

/**
 * The 404 for a model the catalogue does not serve, the same on every route that names a
 * model (predictions, jobs, the compatibility routes and analyses).
 */
public class UnknownModelProblem extends ApiProblem {

	public UnknownModelProblem(String model) {
		super(HttpStatus.NOT_FOUND, "unknown-model", "Unknown model",
				"No model named '" + model + "' is served; GET /v1/models lists them.");
		with("model", model);
	}

}
