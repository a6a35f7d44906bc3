package dev.pipeline.ingress.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem+json answers of a route beyond those every route of its kind has, for the
 * OpenAPI document ({@link OpenApiConfiguration} adds 400, 401, 429 and 503 to every
 * authenticated route, 413, 415 and 422 to every route with a body and 403 to the admin
 * routes). On a controller it applies to each of its routes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface ProblemResponses {

	/** HTTP statuses, e.g. {@code 404} for a route that looks a resource up. */
	int[] value();

}
